package dev.switchboard.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Environment variables as the configuration reads them. Injected (a map) so tests need no real environment. */
public final class Env {
    private final Map<String, String> vars;

    public Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public Optional<String> get(String name) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    public List<String> list(String name) {
        return get(name).map(Env::splitList).orElse(List.of());
    }

    static List<String> splitList(String s) {
        return Arrays.stream(s.split("[,\\n]")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    static Optional<Boolean> parseBool(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> Optional.of(true);
            case "false", "no", "off", "0" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    public Optional<Boolean> bool(String name) {
        return get(name).map(v -> parseBool(v).orElseThrow(
                () -> new ConfigException(name, "expected true or false, got '" + v + "'")));
    }

    public Optional<Integer> integer(String name) {
        return get(name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new ConfigException(name, "expected a whole number, got '" + v + "'");
            }
        });
    }
}
