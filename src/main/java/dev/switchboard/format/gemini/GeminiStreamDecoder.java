package dev.switchboard.format.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.CallIds;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * Decodes the {@code data:} payloads of one Gemini {@code streamGenerateContent?alt=sse} stream. Every event
 * has the shape of a whole answer. One instance per upstream stream: the answer id stays the same for all
 * chunks, and each function call gets its id once, when it arrives (Gemini sends each call whole, once).
 */
public final class GeminiStreamDecoder {
    private Optional<String> id = Optional.empty();

    public ChatEvent.Chunk decode(String data) {
        return decode(Buffer.buffer(data));
    }

    /** One {@code data:} payload as UTF-8 bytes, which the chunk keeps as its native body (not copied). */
    public ChatEvent.Chunk decode(Buffer bytes) {
        JsonNode root = GeminiResponseDecoder.parse(bytes);
        failOnError(root);
        if (id.isEmpty()) id = GeminiAnswerDecoder.responseId(root).or(() -> Optional.of(CallIds.randomAlphanumeric(24)));
        return new ChatEvent.Chunk(id.get(), GeminiAnswerDecoder.choices(root), GeminiAnswerDecoder.usage(root),
                GeminiAnswerDecoder.blockReason(root),
                Optional.of(new NativeBody(WireFormat.GEMINI, bytes)));
    }

    /**
     * Gemini reports a failure mid-stream as an event holding only an {@code error} object. Reading it as an
     * empty chunk would hide it; the details (retry hints, quotas) are for the upstream error parser.
     */
    private static void failOnError(JsonNode root) {
        JsonNode error = root.get("error");
        if (error == null || !error.isObject() || root.has("candidates")) return;
        int code = error.path("code").asInt(500);
        throw new GatewayException(ErrorKind.fromHttpStatus(code),
                "upstream stream failed: " + error.path("message").asText("unknown error"));
    }
}
