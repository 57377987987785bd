package dev.switchboard.resilience;

import dev.switchboard.model.CallContext;
import dev.switchboard.model.CallObserver;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.ChatStream;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamCall;
import dev.switchboard.model.UpstreamFailure;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover across targets (other providers, fallback models): the next target is tried when the current one
 * fails with an upstream failure (exhausted pool or retryable error), never for the client's own mistakes.
 * Streams only before their commit point.
 */
public final class FailoverCall implements UpstreamCall {
    private static final Logger log = LoggerFactory.getLogger("dev.switchboard.failover");

    private final List<UpstreamCall> targets;

    private FailoverCall(List<UpstreamCall> targets) {
        this.targets = List.copyOf(targets);
    }

    public static UpstreamCall across(List<UpstreamCall> targets) {
        return targets.size() == 1 ? targets.getFirst() : new FailoverCall(targets);
    }

    @Override
    public Future<ChatResponse> complete(CallContext ctx, ChatRequest request) {
        return inOrder(ctx, each(t -> t.complete(ctx, request)));
    }

    @Override
    public Future<ChatStream> stream(CallContext ctx, ChatRequest request) {
        return inOrder(ctx, each(t -> t.stream(ctx, request)));
    }

    private <T> List<Supplier<Future<T>>> each(Function<UpstreamCall, Future<T>> op) {
        return targets.stream().<Supplier<Future<T>>>map(t -> () -> op.apply(t)).toList();
    }

    /** The same rule for any kind of attempt, one per target (non-chat methods use it directly). */
    public static <T> Future<T> inOrder(CallContext ctx, List<Supplier<Future<T>>> attempts) {
        return run(ctx, attempts, 0);
    }

    private static <T> Future<T> run(CallContext ctx, List<Supplier<Future<T>>> attempts, int index) {
        return attempts.get(index).get().recover(err -> {
            if (index + 1 >= attempts.size() || ctx.cancelled() || !movesOn(err)) return Future.failedFuture(err);
            log.info("failover [{}]: target {} failed ({}); trying target {}", ctx.requestId(), index + 1,
                    err.getMessage(), index + 2);
            ctx.observer().failover(CallObserver.FailoverScope.TARGET, (UpstreamFailure) err);
            return run(ctx, attempts, index + 1);
        });
    }

    static boolean movesOn(Throwable err) {
        if (!(err instanceof UpstreamFailure f)) return false;
        return switch (f.failureClass()) {
            case CLIENT_ERROR -> false;
            default -> true;
        };
    }

}
