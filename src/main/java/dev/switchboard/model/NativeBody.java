package dev.switchboard.model;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The exact bytes of a request, response or stream event as they arrived in {@code format}. An encoder for
 * the same format sends them on unchanged, so fields the canonical model does not know survive the trip.
 * {@code spans} are where the decoder found the few fields such an encoder may still rewrite (the model
 * name, say), so it can splice the bytes without parsing them again; which names a format records is the
 * format's business.
 */
public record NativeBody(WireFormat format, Buffer bytes, List<Span> spans) {

    public NativeBody {
        spans = List.copyOf(spans);
    }

    public NativeBody(WireFormat format, Buffer bytes) {
        this(format, bytes, List.of());
    }

    /**
     * Bytes {@code [start, end)} of {@code bytes} hold what {@code name} says, in choice {@code choice} (0 for
     * fields outside the choices). In the order they occur, never overlapping. {@code value} is what the
     * decoder already knows belongs there instead (an insertion when the span is empty), or null for the
     * encoder to decide.
     */
    public record Span(String name, int choice, int start, int end, String value) {
        public Span(String name, int choice, int start, int end) {
            this(name, choice, start, end, null);
        }
    }
}
