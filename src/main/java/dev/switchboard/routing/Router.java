package dev.switchboard.routing;

import dev.switchboard.credential.Credential;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure routing: a model name and the configuration give a {@link RoutePlan}. A provider is a target when one
 * of its enabled credentials serves the model; providers are tried in configuration order.
 */
public final class Router {
    private final Map<String, List<Credential>> providers;

    /** {@code providers}: provider name → credentials, in configuration order. */
    public Router(Map<String, List<Credential>> providers) {
        this.providers = new LinkedHashMap<>(providers);
    }

    public Optional<RoutePlan> plan(String model) {
        List<RouteTarget> targets = new ArrayList<>();
        providers.forEach((name, creds) -> {
            boolean serves = creds.stream().anyMatch(c -> !c.disabled() && c.upstreamModel(model).isPresent());
            if (serves) targets.add(new RouteTarget(name, model));
        });
        return targets.isEmpty() ? Optional.empty() : Optional.of(new RoutePlan(model, targets));
    }
}
