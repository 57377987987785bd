package dev.switchboard.inbound;

import dev.switchboard.config.CallPolicyConfig;
import dev.switchboard.credential.CredentialPool;
import dev.switchboard.model.CallContext;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.ForwardCall;
import dev.switchboard.model.ForwardRequest;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamCall;
import dev.switchboard.model.WireFormat;
import dev.switchboard.resilience.CallPolicy;
import dev.switchboard.resilience.FailoverCall;
import dev.switchboard.resilience.FakeStreamingCall;
import dev.switchboard.resilience.ModelTarget;
import dev.switchboard.resilience.RacingCall;
import dev.switchboard.resilience.RetryLoop;
import dev.switchboard.resilience.RetryingCall;
import dev.switchboard.resilience.Timers;
import dev.switchboard.routing.RoutePlan;
import dev.switchboard.routing.RouteTarget;
import dev.switchboard.routing.Router;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a route plan into the call that serves it. Per target: the provider's attempt, wrapped in retries
 * (or a race, when the model's policy says so). Across targets: failover. Around it all: fake streaming,
 * when the policy asks for it. Requests carrying the client's own upstream keys get a pool of their own.
 */
public final class Dispatcher {
    /** What the dispatcher needs of one provider: its pool and one attempt on it. */
    public record Provider(CredentialPool pool, UpstreamCall attempt) {}

    private final Router router;
    private final Map<String, Provider> providers;
    private final CallPolicyConfig policies;
    private final RetryPolicy retry;
    private final Timers timers;
    private final Optional<Function<List<String>, Provider>> clientKeyProvider;

    /** Retry limits, applied per target. */
    public record RetryPolicy(int maxAttempts, java.time.Duration deadline) {}

    public Dispatcher(Router router, Map<String, Provider> providers, CallPolicyConfig policies, RetryPolicy retry,
                      Timers timers, Optional<Function<List<String>, Provider>> clientKeyProvider) {
        this.router = router;
        this.providers = Map.copyOf(providers);
        this.policies = policies;
        this.retry = retry;
        this.timers = timers;
        this.clientKeyProvider = clientKeyProvider;
    }

    public Router router() { return router; }

    /** The plan for {@code model}, or a 404 in words a client can act on. */
    public RoutePlan plan(String model) {
        return router.plan(model).orElseThrow(() -> new GatewayException(ErrorKind.NOT_FOUND, router.unroutable(model),
                Optional.of("model"), Optional.of("model_not_found")));
    }

    public UpstreamCall callFor(CallContext ctx, RoutePlan plan) {
        CallPolicy policy = policies.forModel(plan.requestedModel());
        List<UpstreamCall> calls = new ArrayList<>(plan.targets().size());
        if (!ctx.clientKeys().isEmpty() && clientKeyProvider.isPresent()) {
            Provider own = clientKeyProvider.get().apply(ctx.clientKeys());
            calls.add(new ModelTarget(perTarget(own, policy), plan.targets().getFirst().upstreamModel()));
        } else {
            for (RouteTarget t : plan.targets()) {
                Provider p = providers.get(t.provider());
                if (p != null) calls.add(new ModelTarget(perTarget(p, policy), t.upstreamModel()));
            }
        }
        if (calls.isEmpty()) {
            throw new GatewayException(ErrorKind.UNAVAILABLE, "No provider is available for model '" + plan.requestedModel() + "'.");
        }
        UpstreamCall call = FailoverCall.across(calls);
        if (policy.fakeStreamingInterval().isPresent()) {
            call = FakeStreamingCall.newDecorator(call, policy.fakeStreamingInterval().get(), timers);
        }
        return call;
    }

    /**
     * A non-chat method, forwarded as it is: retries within each pool, failover across targets (no race, no
     * fake streaming). Targets whose provider speaks another wire format are skipped; if none is left, a 404.
     * A provider takes such methods when its attempt is also a {@link ForwardCall}.
     */
    public Future<Buffer> forward(CallContext ctx, RoutePlan plan, ForwardRequest request) {
        List<Map.Entry<ForwardCall, String>> targets = new ArrayList<>();
        if (!ctx.clientKeys().isEmpty() && clientKeyProvider.isPresent()) {
            forwarder(clientKeyProvider.get().apply(ctx.clientKeys()), request.format())
                    .ifPresent(f -> targets.add(Map.entry(f, plan.targets().getFirst().upstreamModel())));
        } else {
            for (RouteTarget t : plan.targets()) {
                Provider p = providers.get(t.provider());
                if (p != null) forwarder(p, request.format()).ifPresent(f -> targets.add(Map.entry(f, t.upstreamModel())));
            }
        }
        if (targets.isEmpty()) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "models/" + plan.requestedModel() + " is not supported for "
                    + request.method() + ": its providers do not speak the " + request.format() + " format.",
                    Optional.of("model"), Optional.of("model_not_found"));
        }
        RetryLoop loop = RetryLoop.upTo(retry.maxAttempts(), retry.deadline(), System::nanoTime);
        return FailoverCall.inOrder(ctx, targets.stream().<Supplier<Future<Buffer>>>map(t ->
                () -> loop.run(ctx, () -> t.getKey().forward(ctx, request.withModel(t.getValue())))).toList());
    }

    private static Optional<ForwardCall> forwarder(Provider p, WireFormat format) {
        return p.attempt() instanceof ForwardCall f && f.forwards(format) ? Optional.of(f) : Optional.empty();
    }

    private UpstreamCall perTarget(Provider p, CallPolicy policy) {
        UpstreamCall retrying = RetryingCall.newDecorator(p.attempt(), retry.maxAttempts(), retry.deadline(), System::nanoTime);
        if (policy.race().isEmpty()) return retrying;
        return RacingCall.newDecorator(p.attempt(), retrying, policy.race().get(),
                (model, c) -> p.pool().eligibleCount(model, c.triedCredentials()), timers);
    }
}
