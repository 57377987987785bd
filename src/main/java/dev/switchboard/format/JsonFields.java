package dev.switchboard.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.model.GatewayException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Type-checked reads of request fields. A missing field and an explicit JSON {@code null} both read as
 * absent; a value of the wrong type fails with {@link GatewayException#invalid} naming the field's path
 * (e.g. {@code messages[2].content}), which clients get back as {@code param}. Paths are built only on error.
 */
public final class JsonFields {
    private JsonFields() {}

    public static String path(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    public static String path(String parent, int index) {
        return parent + "[" + index + "]";
    }

    public static Optional<JsonNode> present(JsonNode obj, String name) {
        JsonNode v = obj.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    public static Optional<String> string(JsonNode obj, String name, String parent) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isTextual()) throw wrongType(path(parent, name), "a string");
        return Optional.of(v.textValue());
    }

    public static String requireString(JsonNode obj, String name, String parent) {
        return string(obj, name, parent).orElseThrow(() -> missing(path(parent, name)));
    }

    public static OptionalDouble number(JsonNode obj, String name, String parent) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) return OptionalDouble.empty();
        if (!v.isNumber()) throw wrongType(path(parent, name), "a number");
        return OptionalDouble.of(v.doubleValue());
    }

    /** Whole numbers only; {@code 2.0} is accepted since some clients write every number as a float. */
    public static OptionalInt integer(JsonNode obj, String name, String parent) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) return OptionalInt.empty();
        if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToInt()) {
            throw wrongType(path(parent, name), "an integer");
        }
        return OptionalInt.of(v.asInt());
    }

    public static OptionalLong longInteger(JsonNode obj, String name, String parent) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) return OptionalLong.empty();
        if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw wrongType(path(parent, name), "an integer");
        }
        return OptionalLong.of(v.asLong());
    }

    public static Optional<Boolean> bool(JsonNode obj, String name, String parent) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isBoolean()) throw wrongType(path(parent, name), "a boolean");
        return Optional.of(v.booleanValue());
    }

    public static Optional<JsonNode> array(JsonNode obj, String name, String parent) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isArray()) throw wrongType(path(parent, name), "an array");
        return Optional.of(v);
    }

    public static Optional<JsonNode> object(JsonNode obj, String name, String parent) {
        JsonNode v = obj.get(name);
        if (v == null || v.isNull()) return Optional.empty();
        if (!v.isObject()) throw wrongType(path(parent, name), "an object");
        return Optional.of(v);
    }

    public static JsonNode requireObject(JsonNode obj, String name, String parent) {
        return object(obj, name, parent).orElseThrow(() -> missing(path(parent, name)));
    }

    /** For elements of an array, which have a path but no field name. */
    public static JsonNode requireObjectElement(JsonNode element, String path) {
        if (!element.isObject()) throw wrongType(path, "an object");
        return element;
    }

    public static GatewayException wrongType(String path, String expected) {
        return GatewayException.invalid(path, "'" + path + "' must be " + expected);
    }

    public static GatewayException missing(String path) {
        return GatewayException.invalid(path, "'" + path + "' is required");
    }
}
