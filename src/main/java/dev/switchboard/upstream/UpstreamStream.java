package dev.switchboard.upstream;

import dev.switchboard.format.StreamDecoder;
import dev.switchboard.model.CallContext;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ChatStream;
import dev.switchboard.model.Choice;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import java.time.Duration;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.ArrayDeque;
import java.util.List;

/**
 * An upstream streaming response, decoded as it arrives. Owns the commit point: until the first event with
 * content (or a block/length/filter finish), failures and empty endings fail {@code committed} so the
 * request can go elsewhere; afterwards they reach the sink in-band. Events are buffered only between
 * commit and {@link #start} (the socket is paused meanwhile), so memory per stream stays small.
 */
final class UpstreamStream implements ChatStream {
    private final HttpUpstream.Attempt attempt;
    private final HttpClientResponse response;
    private final StreamDecoder decoder;
    private final Promise<ChatStream> committed;
    private final ArrayDeque<ChatEvent> buffered = new ArrayDeque<>(4);
    private Sink sink;
    private boolean isCommitted;
    private boolean sawFinish;
    private boolean ended;
    private boolean cancelled;
    private boolean pausedByConsumer;
    private End pendingEnd;
    private final Vertx vertx;
    private final long idleNanos;
    private long lastActivity = System.nanoTime();
    private long stallTimer = -1;

    UpstreamStream(HttpUpstream.Attempt attempt, HttpClientResponse response, StreamDecoder decoder,
                   Promise<ChatStream> committed, Vertx vertx, Duration idleTimeout) {
        this.attempt = attempt;
        this.response = response;
        this.decoder = decoder;
        this.committed = committed;
        this.vertx = vertx;
        this.idleNanos = idleTimeout.toNanos();
        response.handler(this::onBytes);
        response.endHandler(v -> onUpstreamEnd());
        response.exceptionHandler(this::onUpstreamError);
        armStallTimer(idleNanos);
    }

    /** One timer per stream, re-armed lazily: a stream is stalled when no byte came for the idle time. */
    private void armStallTimer(long delayNanos) {
        stallTimer = vertx.setTimer(Math.max(1, delayNanos / 1_000_000), id -> checkStall());
    }

    private void checkStall() {
        stallTimer = -1;
        if (ended) return;
        long silent = System.nanoTime() - lastActivity;
        if (pausedByConsumer || silent < idleNanos) {
            // a slow client, not a slow upstream: only upstream silence counts
            armStallTimer(pausedByConsumer ? idleNanos : idleNanos - silent);
            return;
        }
        response.request().reset();
        onUpstreamError(UpstreamFailure.of(FailureClass.TIMEOUT, ErrorKind.TIMEOUT, attempt.provider()
                + " upstream stream stalled: no data for " + idleNanos / 1_000_000 + " ms"));
    }

    private void onBytes(Buffer bytes) {
        if (ended) return;
        lastActivity = System.nanoTime();
        attempt.observer.responseBody(bytes);
        try {
            decoder.feed(bytes, this::onEvent);
        } catch (GatewayException e) {
            response.request().reset();
            onUpstreamError(e);
        }
    }

    private void onEvent(ChatEvent event) {
        if (ended) return;
        if (event instanceof ChatEvent.Chunk c && c.hasFinish()) sawFinish = true;
        if (event instanceof ChatEvent.Chunk c && c.usage().isPresent()) {
            attempt.observer.usage(c.usage().get());
            attempt.tokens = c.usage().get().totalTokens();
        }
        if (!isCommitted) {
            buffered.add(event);
            if (event instanceof ChatEvent.Chunk c && commits(c)) commit();
            return;
        }
        if (sink == null) buffered.add(event);
        else sink.onEvent(event);
    }

    private static boolean commits(ChatEvent.Chunk c) {
        return c.hasContent() || c.blockReason().isPresent() || endsForAReason(c.deltas());
    }

    /** A refusal or a length cut is an answer even without content; an empty STOP is not. */
    static boolean endsForAReason(List<Choice> choices) {
        for (Choice d : choices) {
            if (d.finishReason().isPresent() && d.finishReason().get() != FinishReason.STOP
                    && d.finishReason().get() != FinishReason.OTHER) return true;
        }
        return false;
    }

    private void commit() {
        isCommitted = true;
        attempt.observer.responseEnd();
        attempt.ctx.served(new CallContext.Served(attempt.provider(), attempt.lease.credential().maskedId(),
                attempt.lease.upstreamModel()));
        if (sink == null) response.pause();
        committed.complete(this);
    }

    private void onUpstreamEnd() {
        if (ended) return;
        try {
            decoder.end(this::onEvent);
        } catch (GatewayException e) {
            onUpstreamError(e);
            return;
        }
        finish(new End.Completed(sawFinish));
    }

    private void onUpstreamError(Throwable t) {
        if (ended) return;
        finish(new End.Failed(TransportFailures.classify(t, attempt.provider())));
    }

    private void finish(End end) {
        ended = true;
        if (stallTimer >= 0) vertx.cancelTimer(stallTimer);
        attempt.done();
        if (!isCommitted) {
            Future<ChatStream> f = switch (end) {
                case End.Completed c -> attempt.fail(HttpUpstream.emptyAnswer());
                case End.Failed failed -> attempt.fail(failed.error());
            };
            f.onFailure(committed::fail);
            return;
        }
        switch (end) {
            case End.Completed c -> attempt.succeed();
            case End.Failed failed -> attempt.fail(failed.error());
        }
        if (cancelled) return;
        if (sink == null) pendingEnd = end;
        else sink.onEnd(end);
    }

    @Override
    public void start(Sink s) {
        if (sink != null) throw new IllegalStateException("stream already started");
        sink = s;
        while (!buffered.isEmpty() && !cancelled) sink.onEvent(buffered.poll());
        if (cancelled) return;
        if (pendingEnd != null) {
            sink.onEnd(pendingEnd);
            pendingEnd = null;
        } else if (!pausedByConsumer && !ended) {
            response.resume();
        }
    }

    @Override
    public void pause() {
        pausedByConsumer = true;
        if (!ended) response.pause();
    }

    @Override
    public void resume() {
        pausedByConsumer = false;
        lastActivity = System.nanoTime();
        if (!ended && sink != null) response.resume();
    }

    @Override
    public void cancel() {
        if (cancelled) return;
        cancelled = true;
        buffered.clear();
        if (!ended) {
            ended = true;
            if (stallTimer >= 0) vertx.cancelTimer(stallTimer);
            attempt.done();
            attempt.cancel();
        }
    }
}
