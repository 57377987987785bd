package dev.switchboard.format.gemini;

import dev.switchboard.format.Json;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;

/**
 * Encodes a complete answer for a Gemini-API client. An answer that came from a Gemini upstream is sent as
 * its original bytes (grounding metadata, safety ratings and other fields survive); others are translated,
 * with the client's model name as {@code modelVersion}.
 */
public final class GeminiResponseEncoder {
    private GeminiResponseEncoder() {}

    public static Buffer encode(ChatResponse r, String clientModel) {
        if (r.nativeBody().isPresent() && r.nativeBody().get().format() == WireFormat.GEMINI) {
            return r.nativeBody().get().bytes();
        }
        return Json.write(g -> GeminiAnswerEncoder.write(g, r.id(), clientModel, r.choices(), r.usage(),
                r.blockReason()));
    }
}
