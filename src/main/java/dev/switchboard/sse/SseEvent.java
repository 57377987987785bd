package dev.switchboard.sse;

import java.util.Objects;
import java.util.Optional;

/**
 * One dispatched Server-Sent Event.
 *
 * @param event the {@code event:} field, or {@code "message"} when the event had none (or an empty one), as
 *     the HTML spec's dispatch step does; so {@code event()} is never empty
 * @param data the {@code data:} lines joined with {@code "\n"}, without a trailing newline; may be empty
 *     (a bare {@code data} line dispatches an event with empty data)
 * @param id the stream's last event ID when the event was dispatched; per spec an {@code id:} field sticks
 *     to later events until another one replaces it, and an empty one clears it
 */
public record SseEvent(String event, String data, Optional<String> id) {
    public static final String DEFAULT_EVENT = "message";

    public SseEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(id, "id");
    }

    /** An event of the default type with no ID: what most LLM APIs send. */
    public static SseEvent message(String data) {
        return new SseEvent(DEFAULT_EVENT, data, Optional.empty());
    }
}
