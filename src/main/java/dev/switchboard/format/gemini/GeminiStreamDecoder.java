package dev.switchboard.format.gemini;

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
    private String id;

    public ChatEvent.Chunk decode(String data) {
        return decode(Buffer.buffer(data));
    }

    /** One {@code data:} payload as UTF-8 bytes, which the chunk keeps as its native body (not copied). */
    public ChatEvent.Chunk decode(Buffer bytes) {
        GeminiAnswerDecoder event = GeminiAnswerDecoder.read(bytes);
        failOnError(event);
        if (id == null) id = event.responseIdOrNew();
        return new ChatEvent.Chunk(id, event.choices(), event.usage(), event.blockReason(),
                Optional.of(new NativeBody(WireFormat.GEMINI, bytes)));
    }

    /**
     * Gemini reports a failure mid-stream as an event holding only an {@code error} object. Reading it as an
     * empty chunk would hide it; the details (retry hints, quotas) are for the upstream error parser.
     */
    private static void failOnError(GeminiAnswerDecoder event) {
        if (event.error().isEmpty() || event.hasCandidates()) return;
        GeminiAnswerDecoder.StreamError error = event.error().get();
        throw new GatewayException(ErrorKind.fromHttpStatus(error.code()), "upstream stream failed: " + error.message());
    }
}
