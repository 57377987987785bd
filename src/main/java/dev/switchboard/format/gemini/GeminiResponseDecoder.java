package dev.switchboard.format.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.CallIds;
import dev.switchboard.format.Json;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
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
        JsonNode root = parse(body);
        return new ChatResponse(
                GeminiAnswerDecoder.responseId(root).orElseGet(() -> CallIds.randomAlphanumeric(24)),
                GeminiAnswerDecoder.model(root),
                GeminiAnswerDecoder.createdEpochSeconds(root),
                GeminiAnswerDecoder.choices(root),
                GeminiAnswerDecoder.usage(root),
                GeminiAnswerDecoder.blockReason(root),
                Optional.of(new NativeBody(WireFormat.GEMINI, body)));
    }

    static JsonNode parse(Buffer bytes) {
        try {
            return Json.parseObject(bytes, ErrorKind.UPSTREAM, "upstream answer");
        } catch (GatewayException e) {
            // The parser's detail is about the upstream's bytes; the client only needs to know whose fault it is.
            throw new GatewayException(ErrorKind.UPSTREAM, "upstream sent invalid JSON");
        }
    }
}
