package dev.switchboard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.switchboard.format.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A YAML node with its path, so every validation error can name where it is ({@code providers[1].credentials[0].proxy_url}).
 * Unknown keys are errors: a typo in a config file should not be silently ignored.
 */
final class ConfigNode {
    private final JsonNode node;
    private final String path;

    ConfigNode(JsonNode node, String path) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
    }

    String path() { return path; }

    boolean present() { return !node.isMissingNode() && !node.isNull(); }

    ConfigNode get(String key) {
        return new ConfigNode(node.get(key), path.isEmpty() ? key : path + "." + key);
    }

    void allowOnly(Set<String> keys) {
        if (!present()) return;
        if (!node.isObject()) throw new ConfigException(path, "expected a mapping, got " + describe());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!keys.contains(k)) {
                throw new ConfigException(path.isEmpty() ? k : path + "." + k,
                        "unknown setting (known here: " + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        }
    }

    Optional<String> string() {
        if (!present()) return Optional.empty();
        if (!node.isValueNode()) throw new ConfigException(path, "expected a text value, got " + describe());
        return Optional.of(node.asText());
    }

    String string(String fallback) { return string().orElse(fallback); }

    /** Text as is, or a mapping written back as compact JSON (for JSON documents pasted into YAML). */
    Optional<String> jsonText() {
        if (present() && node.isObject()) return Optional.of(Json.compact(node));
        return string();
    }

    Optional<Long> longValue() {
        if (!present()) return Optional.empty();
        if (node.isIntegralNumber()) return Optional.of(node.asLong());
        if (node.isTextual()) {
            try {
                return Optional.of(Long.parseLong(node.asText().strip()));
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw new ConfigException(path, "expected a whole number, got " + describe());
    }

    int intValue(int fallback, int min, int max) {
        long v = longValue().orElse((long) fallback);
        if (v < min || v > max) throw new ConfigException(path, "must be between " + min + " and " + max + ", got " + v);
        return (int) v;
    }

    long longValue(long fallback, long min) {
        long v = longValue().orElse(fallback);
        if (v < min) throw new ConfigException(path, "must be at least " + min + ", got " + v);
        return v;
    }

    Optional<Double> doubleValue() {
        if (!present()) return Optional.empty();
        if (node.isNumber()) return Optional.of(node.asDouble());
        throw new ConfigException(path, "expected a number, got " + describe());
    }

    boolean bool(boolean fallback) {
        if (!present()) return fallback;
        if (node.isBoolean()) return node.asBoolean();
        if (node.isTextual()) {
            Optional<Boolean> b = Env.parseBool(node.asText());
            if (b.isPresent()) return b.get();
        }
        throw new ConfigException(path, "expected true or false, got " + describe());
    }

    Duration duration(Duration fallback) {
        if (!present()) return fallback;
        try {
            return Durations.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, e.getMessage());
        }
    }

    List<ConfigNode> list() {
        if (!present()) return List.of();
        if (!node.isArray()) throw new ConfigException(path, "expected a list, got " + describe());
        List<ConfigNode> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) out.add(new ConfigNode(node.get(i), path + "[" + i + "]"));
        return out;
    }

    /** A list of strings; a single comma-separated string is accepted too. */
    List<String> strings() {
        if (!present()) return List.of();
        if (node.isTextual()) return Env.splitList(node.asText());
        return list().stream().map(n -> n.string().orElseThrow(() -> new ConfigException(n.path, "empty entry"))).toList();
    }

    <T> List<T> map(Function<ConfigNode, T> f) {
        return list().stream().map(f).toList();
    }

    /** Key/value pairs of a mapping, in file order. */
    List<Map.Entry<String, ConfigNode>> entries() {
        if (!present()) return List.of();
        if (!node.isObject()) throw new ConfigException(path, "expected a mapping, got " + describe());
        List<Map.Entry<String, ConfigNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(e -> out.add(Map.entry(e.getKey(), new ConfigNode(e.getValue(), path + "." + e.getKey()))));
        return out;
    }

    ConfigException error(String problem) {
        return new ConfigException(path, problem);
    }

    private String describe() {
        if (node.isObject()) return "a mapping";
        if (node.isArray()) return "a list";
        if (node.isTextual()) return "'" + abbreviate(node.asText()) + "'";
        return Json.compact(node);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }
}
