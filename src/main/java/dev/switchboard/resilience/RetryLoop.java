package dev.switchboard.resilience;

import dev.switchboard.model.CallContext;
import dev.switchboard.model.CallObserver;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamFailure;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover within one pool, for any kind of attempt: a retryable failure is tried again (the attempt leases a
 * credential the request has not used), up to {@code maxAttempts} and within the deadline. {@link RetryingCall}
 * applies it to chat; non-chat methods (countTokens, embeddings) use it directly.
 */
public final class RetryLoop {
    private static final Logger log = LoggerFactory.getLogger("dev.switchboard.failover");

    private final int maxAttempts;
    private final long deadlineNanos;
    private final LongSupplier ticker;

    private RetryLoop(int maxAttempts, Duration deadline, LongSupplier ticker) {
        this.maxAttempts = maxAttempts;
        this.deadlineNanos = deadline.toNanos();
        this.ticker = ticker;
    }

    public static RetryLoop upTo(int maxAttempts, Duration deadline, LongSupplier ticker) {
        return new RetryLoop(maxAttempts, deadline, ticker);
    }

    /** Runs {@code attempt}, again after each retryable failure while the limits allow. */
    public <T> Future<T> run(CallContext ctx, Supplier<Future<T>> attempt) {
        return run(ctx, attempt, 1, null);
    }

    private <T> Future<T> run(CallContext ctx, Supplier<Future<T>> op, int attempt, UpstreamFailure previous) {
        return op.get().recover(err -> {
            RetryDecision d = decide(ctx, err, attempt);
            if (d == RetryDecision.RETRY) {
                UpstreamFailure f = (UpstreamFailure) err;
                log.info("failover [{}]: attempt {} failed ({}: {}); trying another credential", ctx.requestId(),
                        attempt, f.failureClass(), f.getMessage());
                ctx.observer().failover(CallObserver.FailoverScope.CREDENTIAL, f);
                return run(ctx, op, attempt + 1, f);
            }
            return Future.failedFuture(explain(err, previous));
        });
    }

    /** Whether to try again after {@code err}; pure, so tests need no network. */
    RetryDecision decide(CallContext ctx, Throwable err, int attempt) {
        if (ctx.cancelled() || !(err instanceof UpstreamFailure f) || !f.retryable()) return RetryDecision.STOP;
        if (attempt >= maxAttempts) return RetryDecision.STOP;
        if (ticker.getAsLong() - ctx.startNanos() >= deadlineNanos) return RetryDecision.STOP;
        return RetryDecision.RETRY;
    }

    /** When the pool ran dry after real failures, say both: why it is dry, and what the last upstream said. */
    private static Throwable explain(Throwable err, UpstreamFailure previous) {
        if (previous == null || !(err instanceof UpstreamFailure f) || f.failureClass() != FailureClass.NO_CREDENTIAL) {
            return err;
        }
        GatewayException base = previous.failureClass() == FailureClass.RATE_LIMITED
                || previous.failureClass() == FailureClass.QUOTA_EXHAUSTED ? f : previous;
        String msg = f.getMessage() + " Last upstream error: " + previous.getMessage();
        return new UpstreamFailure(FailureClass.NO_CREDENTIAL, base.kind(), previous.upstreamStatus(), msg,
                f.retryDelay().or(previous::retryDelay), previous.quotaIds());
    }

    enum RetryDecision { RETRY, STOP }
}
