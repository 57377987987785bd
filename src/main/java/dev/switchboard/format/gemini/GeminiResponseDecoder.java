package dev.switchboard.format.gemini;

import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * Decodes a Gemini {@code generateContent} answer. Function calls without an upstream id get a fresh
 * {@code call_} id; thought signatures stay on their parts. The original bytes are kept for Gemini clients.
 */
public final class GeminiResponseDecoder {
    private GeminiResponseDecoder() {}

    public static ChatResponse decode(Buffer body) {
        GeminiAnswerDecoder answer = GeminiAnswerDecoder.read(body);
        return new ChatResponse(answer.responseIdOrNew(), answer.modelVersion().orElse(""),
                answer.createdEpochSeconds(), answer.choices(), answer.usage(), answer.blockReason(),
                Optional.of(new NativeBody(WireFormat.GEMINI, body)));
    }
}
