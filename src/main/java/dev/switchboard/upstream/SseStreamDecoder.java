package dev.switchboard.upstream;

import dev.switchboard.format.StreamDecoder;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.sse.SseEvent;
import dev.switchboard.sse.SseParser;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * SSE framing around a provider's event decoder. A garbled event is the upstream's fault, so it becomes a
 * retryable server error: before the commit point another credential may do better.
 */
public final class SseStreamDecoder implements StreamDecoder {
    /** Largest single event accepted from an upstream. */
    public static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    /** Decodes one SSE event into zero or more canonical events; {@link #end} flushes what it held back. */
    public interface EventDecoder {
        void decode(SseEvent event, Consumer<ChatEvent> out);

        default Optional<ChatEvent> end() { return Optional.empty(); }
    }

    private final EventDecoder events;
    private final SseParser parser = new SseParser(this::onEvent, MAX_EVENT_BYTES);
    private Consumer<ChatEvent> out;

    public SseStreamDecoder(EventDecoder events) {
        this.events = events;
    }

    private void onEvent(SseEvent e) {
        try {
            events.decode(e, out);
        } catch (UpstreamFailure f) {
            throw f;
        } catch (GatewayException g) {
            throw UpstreamFailure.of(FailureClass.SERVER_ERROR, ErrorKind.UPSTREAM, g.getMessage());
        }
    }

    @Override
    public void feed(Buffer bytes, Consumer<ChatEvent> sink) {
        out = sink;
        parser.feed(bytes);
    }

    @Override
    public void end(Consumer<ChatEvent> sink) {
        out = sink;
        parser.end();
        events.end().ifPresent(sink);
    }
}
