package dev.switchboard.resilience;

import dev.switchboard.model.CallContext;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.ChatStream;
import dev.switchboard.model.UpstreamCall;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Failover within one pool: a retryable failure is tried again on another credential (the delegate leases
 * one the request has not used), up to {@code maxAttempts} and within the deadline ({@link RetryLoop}).
 * Streams are retried only before their commit point, which the delegate's future marks.
 */
public final class RetryingCall implements UpstreamCall {
    private final UpstreamCall delegate;
    private final RetryLoop loop;

    private RetryingCall(UpstreamCall delegate, RetryLoop loop) {
        this.delegate = delegate;
        this.loop = loop;
    }

    public static UpstreamCall newDecorator(UpstreamCall delegate, int maxAttempts, Duration deadline, LongSupplier ticker) {
        return new RetryingCall(delegate, RetryLoop.upTo(maxAttempts, deadline, ticker));
    }

    @Override
    public Future<ChatResponse> complete(CallContext ctx, ChatRequest request) {
        return loop.run(ctx, () -> delegate.complete(ctx, request));
    }

    @Override
    public Future<ChatStream> stream(CallContext ctx, ChatRequest request) {
        return loop.run(ctx, () -> delegate.stream(ctx, request));
    }
}
