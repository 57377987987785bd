package dev.switchboard.inbound;

import dev.switchboard.model.CallContext;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamCall;
import dev.switchboard.resilience.FailoverCall;
import dev.switchboard.resilience.ModelTarget;
import dev.switchboard.routing.RoutePlan;
import dev.switchboard.routing.RouteTarget;
import dev.switchboard.routing.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a route plan into the call that serves it: per target, the provider's pool call (retries inside);
 * across targets, failover. Requests carrying the client's own upstream keys get a pool of their own.
 */
public final class Dispatcher {
    private final Router router;
    private final Map<String, UpstreamCall> providers;
    private final Optional<Function<List<String>, UpstreamCall>> clientKeyCall;

    public Dispatcher(Router router, Map<String, UpstreamCall> providers,
                      Optional<Function<List<String>, UpstreamCall>> clientKeyCall) {
        this.router = router;
        this.providers = Map.copyOf(providers);
        this.clientKeyCall = clientKeyCall;
    }

    public Router router() { return router; }

    /** The plan for {@code model}, or a 404 in words a client can act on. */
    public RoutePlan plan(String model) {
        return router.plan(model).orElseThrow(() -> new GatewayException(ErrorKind.NOT_FOUND,
                "The model '" + model + "' does not exist or no configured credential serves it.",
                Optional.of("model"), Optional.of("model_not_found")));
    }

    public UpstreamCall callFor(CallContext ctx, RoutePlan plan) {
        if (!ctx.clientKeys().isEmpty() && clientKeyCall.isPresent()) {
            return new ModelTarget(clientKeyCall.get().apply(ctx.clientKeys()), plan.targets().getFirst().upstreamModel());
        }
        List<UpstreamCall> calls = new ArrayList<>(plan.targets().size());
        for (RouteTarget t : plan.targets()) {
            UpstreamCall c = providers.get(t.provider());
            if (c != null) calls.add(new ModelTarget(c, t.upstreamModel()));
        }
        if (calls.isEmpty()) {
            throw new GatewayException(ErrorKind.UNAVAILABLE, "No provider is available for model '" + plan.requestedModel() + "'.");
        }
        return FailoverCall.across(calls);
    }
}
