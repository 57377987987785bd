package dev.switchboard.resilience;

import dev.switchboard.model.CallContext;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.ChatStream;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamCall;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Fake streaming: a streaming client is served by a non-streaming upstream call, with keep-alives every
 * {@code interval} while it waits, then the whole answer as stream events. The stream commits at the first
 * keep-alive (or the answer, if that comes first), so a quick failure still reaches the client as a plain
 * HTTP error; after the first keep-alive a failure ends the stream in-band.
 */
public final class FakeStreamingCall implements UpstreamCall {
    private final UpstreamCall delegate;
    private final Duration interval;
    private final Timers timers;

    private FakeStreamingCall(UpstreamCall delegate, Duration interval, Timers timers) {
        this.delegate = delegate;
        this.interval = interval;
        this.timers = timers;
    }

    public static UpstreamCall newDecorator(UpstreamCall delegate, Duration interval, Timers timers) {
        return new FakeStreamingCall(delegate, interval, timers);
    }

    @Override
    public Future<ChatResponse> complete(CallContext ctx, ChatRequest request) {
        return delegate.complete(ctx, request);
    }

    @Override
    public Future<ChatStream> stream(CallContext ctx, ChatRequest request) {
        Promise<ChatStream> committed = Promise.promise();
        BufferedStream stream = new BufferedStream(ctx);
        long timer = timers.every(interval, () -> {
            committed.tryComplete(stream);
            stream.emit(new ChatEvent.KeepAlive());
        });
        delegate.complete(ctx, request.withStream(false)).onComplete(ar -> {
            timers.cancel(timer);
            if (ar.succeeded()) {
                ChatResponse r = ar.result();
                committed.tryComplete(stream);
                stream.emit(new ChatEvent.Chunk(r.id(), r.choices(), r.usage(), r.blockReason(),
                        r.nativeBody().filter(b -> b.format().answersAreEvents())));
                stream.end(new ChatStream.End.Completed(true));
            } else if (!committed.tryFail(ar.cause())) {
                stream.end(new ChatStream.End.Failed(ar.cause() instanceof GatewayException g ? g
                        : new GatewayException(dev.switchboard.model.ErrorKind.INTERNAL, "internal error")));
            }
        });
        ctx.onCancel(() -> timers.cancel(timer));
        return committed.future();
    }

    /** A stream fed from memory: events queue until started, and wait while paused. */
    static final class BufferedStream implements ChatStream {
        private final CallContext ctx;
        private final ArrayDeque<ChatEvent> queue = new ArrayDeque<>();
        private Optional<End> end = Optional.empty();
        private Sink sink;
        private boolean paused;
        private boolean cancelled;
        private boolean ended;

        BufferedStream(CallContext ctx) {
            this.ctx = ctx;
        }

        void emit(ChatEvent e) {
            if (cancelled) return;
            queue.add(e);
            drain();
        }

        void end(End e) {
            if (cancelled) return;
            end = Optional.of(e);
            drain();
        }

        private void drain() {
            if (sink == null || ended) return;
            while (!paused && !queue.isEmpty() && !cancelled) sink.onEvent(queue.poll());
            if (!paused && queue.isEmpty() && end.isPresent() && !cancelled) {
                ended = true;
                sink.onEnd(end.get());
            }
        }

        @Override
        public void start(Sink s) {
            sink = s;
            drain();
        }

        @Override
        public void pause() { paused = true; }

        @Override
        public void resume() {
            paused = false;
            drain();
        }

        @Override
        public void cancel() {
            if (cancelled) return;
            cancelled = true;
            queue.clear();
            ctx.cancel();
        }
    }
}
