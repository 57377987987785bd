package dev.switchboard.config;

import dev.switchboard.routing.BuiltinAliases;
import dev.switchboard.routing.RouteRule;
import dev.switchboard.routing.RoutingConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code routing:} section, then {@code DEFAULT_MODEL}, {@code MODEL_ALIASES} ({@code a=b,c=d}) and
 * {@code BUILTIN_MODEL_ALIASES} on top. Rejects rules naming unknown providers, alias cycles (built-in aliases
 * included), empty names and globs, and fallback chains that loop back to their own model.
 */
final class RoutingReader {
    private final Env env;

    RoutingReader(Env env) {
        this.env = env;
    }

    RoutingConfig read(ConfigNode n, List<ProviderConfig> providers) {
        n.allowOnly(Set.of("builtin_aliases", "aliases", "default_model", "rules", "fallbacks"));
        boolean builtins = env.bool("BUILTIN_MODEL_ALIASES").orElse(n.get("builtin_aliases").bool(true));
        Map<String, String> sources = new LinkedHashMap<>();
        Map<String, String> aliases = aliases(n.get("aliases"), sources);
        Optional<String> defaultModel = env.get("DEFAULT_MODEL").or(() -> name(n.get("default_model")));
        List<String> names = providers.stream().map(ProviderConfig::name).toList();
        List<RouteRule> rules = n.get("rules").map(r -> rule(r, names));
        Map<String, List<String>> fallbacks = new LinkedHashMap<>();
        for (var e : n.get("fallbacks").entries()) fallbacks.put(e.getKey(), chain(e.getKey(), e.getValue()));
        checkCycles(aliases, builtins, sources);
        return new RoutingConfig(builtins, aliases, defaultModel, rules, fallbacks);
    }

    /** YAML aliases, then MODEL_ALIASES over them; {@code sources} remembers where each came from, for errors. */
    private Map<String, String> aliases(ConfigNode n, Map<String, String> sources) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : n.entries()) {
            String target = name(e.getValue()).orElseThrow(() -> e.getValue().error("expected the model name it stands for"));
            put(out, sources, e.getKey(), target, e.getValue().path());
        }
        for (String pair : env.list("MODEL_ALIASES")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new ConfigException("MODEL_ALIASES", "expected alias=model pairs separated by commas, got '" + pair + "'");
            }
            put(out, sources, pair.substring(0, eq).strip(), pair.substring(eq + 1).strip(), "MODEL_ALIASES");
        }
        return out;
    }

    private static void put(Map<String, String> out, Map<String, String> sources, String alias, String target, String path) {
        if (alias.isBlank()) throw new ConfigException(path, "an alias needs a name");
        if (alias.equals(target)) throw new ConfigException(path, "'" + alias + "' is an alias of itself");
        out.put(alias, target);
        sources.put(alias, path);
    }

    private static RouteRule rule(ConfigNode n, List<String> providers) {
        n.allowOnly(Set.of("match", "provider", "priority", "strip_prefix", "upstream_model"));
        String match = name(n.get("match")).orElseThrow(() -> n.get("match").error(
                "required: a glob on the model name, such as 'vertex-*' or 'gemini-2.5-*'"));
        String provider = name(n.get("provider")).orElseThrow(() -> n.get("provider").error("required: a provider's name"));
        if (!providers.contains(provider)) {
            throw n.get("provider").error("unknown provider '" + provider + "' ("
                    + (providers.isEmpty() ? "no provider is configured" : "configured: " + String.join(", ", providers)) + ")");
        }
        int priority = n.get("priority").intValue(0, -1_000_000, 1_000_000);
        Optional<String> strip = name(n.get("strip_prefix"));
        Optional<String> upstream = name(n.get("upstream_model"));
        if (n.get("strip_prefix").present() && strip.isEmpty()) throw n.get("strip_prefix").error("must not be empty");
        if (n.get("upstream_model").present() && upstream.isEmpty()) throw n.get("upstream_model").error("must not be empty");
        if (strip.isPresent() && upstream.isPresent()) throw n.error("set strip_prefix or upstream_model, not both");
        strip.ifPresent(p -> checkPrefix(n.get("strip_prefix"), match, p));
        RouteRule.Rewrite rewrite = strip.<RouteRule.Rewrite>map(RouteRule.Rewrite.StripPrefix::new)
                .or(() -> upstream.map(RouteRule.Rewrite.Replace::new))
                .orElse(new RouteRule.Rewrite.Keep());
        return new RouteRule(match, provider, rewrite, priority);
    }

    /** A prefix that no name matching the glob can start with is a typo, not a rule. */
    private static void checkPrefix(ConfigNode n, String match, String prefix) {
        int wild = firstWildcard(match);
        String literal = match.substring(0, wild);
        boolean fits = wild == match.length() ? match.startsWith(prefix) : literal.startsWith(prefix) || prefix.startsWith(literal);
        if (!fits) throw n.error("no name matching '" + match + "' starts with '" + prefix + "'");
    }

    private static int firstWildcard(String glob) {
        for (int i = 0; i < glob.length(); i++) if (glob.charAt(i) == '*' || glob.charAt(i) == '?') return i;
        return glob.length();
    }

    private static List<String> chain(String model, ConfigNode n) {
        List<String> chain = n.strings();
        if (chain.isEmpty()) throw n.error("expected a list of models to try after '" + model + "'");
        Set<String> seen = new HashSet<>();
        for (String m : chain) {
            if (m.equals(model)) throw n.error("'" + model + "' cannot fall back to itself");
            if (!seen.add(m)) throw n.error("'" + m + "' is listed twice");
        }
        return chain;
    }

    /** Follows every alias; a name met twice is a cycle, reported where the configured alias that closes it is. */
    private static void checkCycles(Map<String, String> aliases, boolean builtins, Map<String, String> sources) {
        Map<String, String> all = new LinkedHashMap<>(aliases);
        if (builtins) BuiltinAliases.ALL.forEach(all::putIfAbsent);
        for (String start : aliases.keySet()) {
            List<String> path = new ArrayList<>(List.of(start));
            for (String next = all.get(start); next != null; next = all.get(next)) {
                path.add(next);
                if (next.equals(start)) {
                    boolean viaBuiltin = path.stream().anyMatch(a -> !aliases.containsKey(a));
                    throw new ConfigException(sources.get(start), "alias cycle: " + String.join(" → ", path)
                            + (viaBuiltin ? " (through a built-in alias: override it, or set routing.builtin_aliases: false)" : ""));
                }
                if (path.size() > all.size() + 1) break; // a cycle that does not include start: found from its own members
            }
        }
    }

    private static Optional<String> name(ConfigNode n) {
        return n.string().map(String::strip).filter(s -> !s.isEmpty());
    }
}
