package dev.switchboard.sse;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One dispatched Server-Sent Event.
 *
 * <p>The parser hands over the data as the bytes it gathered; {@link #data()} decodes them as UTF-8 once, on
 * first use, so a decoder that parses JSON straight from {@link #bytes()} never builds the text.
 */
public final class SseEvent {
    public static final String DEFAULT_EVENT = "message";

    private final String event;
    private final Optional<String> id;
    private Buffer bytes;
    private String data;

    /**
     * @param event the {@code event:} field, or {@code "message"} when the event had none (or an empty one), as
     *     the HTML spec's dispatch step does; so {@code event()} is never empty
     * @param data the {@code data:} lines joined with {@code "\n"}, without a trailing newline; may be empty
     *     (a bare {@code data} line dispatches an event with empty data)
     * @param id the stream's last event ID when the event was dispatched; per spec an {@code id:} field sticks
     *     to later events until another one replaces it, and an empty one clears it
     */
    public SseEvent(String event, String data, Optional<String> id) {
        this.event = Objects.requireNonNull(event, "event");
        this.data = Objects.requireNonNull(data, "data");
        this.id = Objects.requireNonNull(id, "id");
    }

    /** An event whose data are still the raw UTF-8 bytes; the buffer now belongs to the event. */
    SseEvent(String event, Buffer bytes, Optional<String> id) {
        this.event = Objects.requireNonNull(event, "event");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.id = Objects.requireNonNull(id, "id");
    }

    /** An event of the default type with no ID: what most LLM APIs send. */
    public static SseEvent message(String data) {
        return new SseEvent(DEFAULT_EVENT, data, Optional.empty());
    }

    public String event() {
        return event;
    }

    /** The data as text (malformed UTF-8 becomes U+FFFD, as the spec's decoder does). */
    public String data() {
        if (data == null) data = bytes.toString(StandardCharsets.UTF_8);
        return data;
    }

    /** The data as UTF-8 bytes. Callers may keep the buffer but must not modify it. */
    public Buffer bytes() {
        if (bytes == null) bytes = Buffer.buffer(data);
        return bytes;
    }

    /** Whether the data are empty, without decoding them. */
    public boolean isEmpty() {
        return data != null ? data.isEmpty() : bytes.length() == 0;
    }

    public Optional<String> id() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SseEvent e && event.equals(e.event) && data().equals(e.data()) && id.equals(e.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, data(), id);
    }

    @Override
    public String toString() {
        return "SseEvent[event=" + event + ", data=" + data() + ", id=" + id + "]";
    }
}
