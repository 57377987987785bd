package dev.switchboard.routing;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code routing:} settings. {@code aliases} are the configured ones (the built-in ones apply too when
 * {@code builtinAliases}); {@code rules} are kept in configuration order (the router sorts them by priority);
 * {@code fallbacks} maps a model to the models tried, in order, when every target of it failed.
 */
public record RoutingConfig(boolean builtinAliases, Map<String, String> aliases, Optional<String> defaultModel,
                            List<RouteRule> rules, Map<String, List<String>> fallbacks) {
    public RoutingConfig {
        aliases = Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
        rules = List.copyOf(rules);
        Map<String, List<String>> chains = new LinkedHashMap<>();
        fallbacks.forEach((k, v) -> chains.put(k, List.copyOf(v)));
        fallbacks = Collections.unmodifiableMap(chains);
    }

    /** No settings: built-in aliases only. */
    public static RoutingConfig defaults() {
        return new RoutingConfig(true, Map.of(), Optional.empty(), List.of(), Map.of());
    }

    /** The aliases in force: configured ones first, then the built-in ones they do not override. */
    public Map<String, String> effectiveAliases() {
        Map<String, String> all = new LinkedHashMap<>(aliases);
        if (builtinAliases) BuiltinAliases.ALL.forEach(all::putIfAbsent);
        return Collections.unmodifiableMap(all);
    }

    /** Rules in the order they are tried: highest priority first, equal priorities in configuration order. */
    List<RouteRule> rulesInOrder() {
        return rules.stream().sorted(Comparator.comparingInt(RouteRule::priority).reversed()).toList();
    }
}
