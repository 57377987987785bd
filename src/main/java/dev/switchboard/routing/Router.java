package dev.switchboard.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pure routing: a model name, the routing settings and the providers' credentials give a {@link RoutePlan}.
 * A name is resolved step by step, each step on the name the previous one produced:
 * <ol>
 *   <li>a configured alias renames it;</li>
 *   <li>the first rule (by priority, then configuration order) that matches it, and whose provider has a
 *       credential for the rewritten name, decides the one provider;</li>
 *   <li>else the providers that serve it themselves, in configuration order ({@link RoutedProvider#serves});</li>
 *   <li>else a built-in alias renames it;</li>
 *   <li>else the default model is resolved in its place; else there is no plan.</li>
 * </ol>
 * The targets of the fallback chain of the first name on that path that has one follow.
 */
public final class Router {
    private final List<RoutedProvider> providers;
    private final RoutingConfig config;
    private final List<RouteRule> rules;
    private final Map<String, String> builtins;
    /**
     * Plans by requested name. Routing depends only on the configuration, which never changes under a router
     * (a reload builds a new one), so a name is resolved once. Names are client-supplied: past
     * {@link #MAX_CACHED} of them, further names are resolved on every request instead of being remembered.
     */
    private final Map<String, Optional<RoutePlan>> plans = new ConcurrentHashMap<>();
    static final int MAX_CACHED = 1024;

    public Router(RoutingConfig config, List<RoutedProvider> providers) {
        this.providers = List.copyOf(providers);
        this.config = config;
        this.rules = config.rulesInOrder();
        this.builtins = config.builtinAliases() ? BuiltinAliases.ALL : Map.of();
    }

    /** The plan for {@code model}: its own, else the default model's; empty when neither is served. */
    public Optional<RoutePlan> plan(String model) {
        Optional<RoutePlan> plan = plans.get(model);
        if (plan != null) return plan;
        plan = planAfresh(model);
        if (plans.size() < MAX_CACHED) plans.putIfAbsent(model, plan);
        return plan;
    }

    /** How many names have a remembered plan (tests). */
    int rememberedPlans() { return plans.size(); }

    private Optional<RoutePlan> planAfresh(String model) {
        return resolve(model).or(() -> config.defaultModel().flatMap(this::resolve)).map(r -> withFallbacks(model, r));
    }

    /** The plan for {@code model} as a name, never the default model's: whether a client can really ask for it. */
    public Optional<RoutePlan> planByName(String model) {
        return resolve(model).map(r -> withFallbacks(model, r));
    }

    /** Why {@code model} has no plan, in words a client can act on. */
    public String unroutable(String model) {
        if (providers.stream().noneMatch(RoutedProvider::hasEnabledCredential)) {
            return "No upstream credential is configured, so no model can be served: set GEMINI_API_KEYS or add "
                    + "providers to the configuration.";
        }
        String why = "The model '" + model + "' is not served here: no credential, routing rule or alias serves it";
        return config.defaultModel()
                .map(d -> why + ", and the default model '" + d + "' is not served either.")
                .orElse(why + ". GET /v1/models lists the models you can ask for.");
    }

    /** Names routing itself creates, for the model list: aliases, exact-name rules, the default model. */
    public List<String> namedModels() {
        Set<String> names = new LinkedHashSet<>(config.aliases().keySet());
        rules.stream().filter(RouteRule::exactName).forEach(r -> names.add(r.match()));
        config.defaultModel().ifPresent(names::add);
        names.addAll(builtins.keySet());
        return List.copyOf(names);
    }

    /** A resolved name: the names it went through (requested first), and the targets of the last one. */
    private record Resolved(List<String> path, List<RouteTarget> targets) {
        String model() { return path.getLast(); }
    }

    private Optional<Resolved> resolve(String requested) {
        Set<String> path = new LinkedHashSet<>();
        String name = requested;
        while (path.add(name)) {
            String renamed = config.aliases().get(name);
            if (renamed != null) {
                name = renamed;
                continue;
            }
            List<RouteTarget> targets = targets(name);
            if (!targets.isEmpty()) return Optional.of(new Resolved(List.copyOf(path), targets));
            renamed = builtins.get(name);
            if (renamed == null) return Optional.empty();
            name = renamed;
        }
        return Optional.empty(); // an alias cycle: the configuration loader rejects them, so only as a guard
    }

    /** Where {@code model} goes as it is: the first rule that can take it, else the providers that serve it. */
    private List<RouteTarget> targets(String model) {
        return byRule(model).map(List::of).orElseGet(() -> direct(model));
    }

    private Optional<RouteTarget> byRule(String model) {
        for (RouteRule r : rules) {
            if (!r.matches(model)) continue;
            String upstream = r.upstreamModel(model);
            if (upstream.isEmpty()) continue;
            Optional<RoutedProvider> p = providers.stream().filter(x -> x.name().equals(r.provider())).findFirst();
            if (p.isPresent() && p.get().accepts(upstream)) return Optional.of(new RouteTarget(r.provider(), upstream));
        }
        return Optional.empty();
    }

    private List<RouteTarget> direct(String model) {
        return providers.stream().filter(p -> p.serves(model)).map(p -> new RouteTarget(p.name(), model)).toList();
    }

    private RoutePlan withFallbacks(String requested, Resolved primary) {
        Set<RouteTarget> targets = new LinkedHashSet<>(primary.targets());
        List<String> chain = primary.path().stream().map(config.fallbacks()::get).filter(Objects::nonNull)
                .findFirst().orElse(List.of());
        for (String fallback : chain) resolve(fallback).ifPresent(r -> targets.addAll(r.targets()));
        return new RoutePlan(requested, primary.model(), new ArrayList<>(targets));
    }
}
