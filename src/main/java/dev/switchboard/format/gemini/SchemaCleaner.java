package dev.switchboard.format.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.GatewayException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a client's JSON Schema into the OpenAPI subset Gemini's {@code Schema} type accepts (used for
 * {@code responseSchema} and function {@code parameters}); Gemini answers 400 to any keyword outside it.
 *
 * <p>Kept: type, format (only the values Gemini allows per type), title, description, nullable, enum (of
 * strings), items, properties, required (only names that exist), propertyOrdering, anyOf, min/max of items,
 * properties, length and value, pattern, example. Rewritten: {@code $ref} into {@code $defs}/{@code
 * definitions} is inlined (a cycle is cut off as a plain object, since Gemini schemas cannot refer);
 * {@code const} becomes a one-value enum; {@code ["string","null"]} becomes a type plus {@code nullable};
 * {@code oneOf} becomes {@code anyOf}, a null branch of it becomes {@code nullable}; {@code allOf} is merged.
 * Everything else ({@code $schema}, {@code $id}, {@code additionalProperties}, {@code strict},
 * {@code default}, {@code examples}, ...) is dropped: it only narrows or documents what the model may produce.
 */
public final class SchemaCleaner {
    /** Inlining references can blow a small schema up exponentially; stop well before memory is at risk. */
    private static final int MAX_NODES = 20_000;
    private static final List<String> COPIED = List.of("title", "description", "nullable", "minItems", "maxItems",
            "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "minimum", "maximum", "example",
            "propertyOrdering");
    private static final Map<String, Set<String>> FORMATS = Map.of(
            "string", Set.of("date-time", "enum"),
            "integer", Set.of("int32", "int64"),
            "number", Set.of("float", "double"));

    private final JsonNode root;
    private final String param;
    private final Set<String> resolving = new HashSet<>();
    private int nodes;

    private SchemaCleaner(JsonNode root, String param) {
        this.root = root;
        this.param = param;
    }

    /** {@code param} names the schema's place in the client request, for the error if it is too large. */
    public static ObjectNode clean(JsonNode schema, String param) {
        return new SchemaCleaner(schema, param).cleanNode(schema);
    }

    private ObjectNode cleanNode(JsonNode in) {
        if (++nodes > MAX_NODES) {
            throw GatewayException.invalid(param, "'" + param + "' is too large once its $refs are inlined");
        }
        ObjectNode out = Json.object();
        if (!in.isObject()) return out; // `true` / `{}`: anything goes, which an empty schema also says
        if (in.has("$ref")) return inlineRef(in);
        copyType(in, out);
        for (String key : COPIED) {
            JsonNode v = in.get(key);
            if (v != null && !v.isNull()) out.set(key, v);
        }
        copyFormat(in, out);
        copyEnum(in, out);
        copyItems(in, out);
        copyProperties(in, out);
        copyAlternatives(in, out);
        mergeAllOf(in, out);
        return out;
    }

    private ObjectNode inlineRef(JsonNode in) {
        String ref = in.get("$ref").asText();
        Optional<JsonNode> target = definition(ref);
        ObjectNode out;
        if (target.isEmpty() || !resolving.add(ref)) {
            out = Json.object().put("type", "object");
        } else {
            try {
                out = cleanNode(target.get());
            } finally {
                resolving.remove(ref);
            }
        }
        // Keywords beside a $ref (allowed since draft 2019-09) describe this use; keep the description.
        if (in.hasNonNull("description")) out.set("description", in.get("description"));
        return out;
    }

    private Optional<JsonNode> definition(String ref) {
        for (String prefix : List.of("#/$defs/", "#/definitions/")) {
            if (ref.startsWith(prefix)) {
                JsonNode defs = root.path(prefix.substring(2, prefix.length() - 1));
                JsonNode target = defs.get(ref.substring(prefix.length()));
                return Optional.ofNullable(target);
            }
        }
        return ref.equals("#") ? Optional.of(root) : Optional.empty();
    }

    private static void copyType(JsonNode in, ObjectNode out) {
        JsonNode type = in.get("type");
        if (type == null) return;
        if (type.isTextual()) {
            setType(out, type.textValue());
            return;
        }
        if (!type.isArray()) return;
        List<String> types = new ArrayList<>();
        for (JsonNode t : type) {
            if (t.asText().equals("null")) out.put("nullable", true);
            else types.add(t.asText());
        }
        if (types.size() == 1) {
            out.put("type", types.getFirst());
        } else if (types.size() > 1) {
            ArrayNode anyOf = out.putArray("anyOf");
            for (String t : types) anyOf.addObject().put("type", t);
        } else {
            setType(out, "null");
        }
    }

    /** A schema that only allows null: Gemini has no null type in every version, so say "nullable". */
    private static void setType(ObjectNode out, String type) {
        if (type.equals("null")) {
            out.put("type", "string");
            out.put("nullable", true);
        } else {
            out.put("type", type);
        }
    }

    private static void copyFormat(JsonNode in, ObjectNode out) {
        JsonNode format = in.get("format");
        if (format == null || !format.isTextual()) return;
        Set<String> allowed = FORMATS.getOrDefault(out.path("type").asText(), Set.of());
        if (allowed.contains(format.textValue())) out.set("format", format);
    }

    /** Gemini enums are strings; numeric or mixed enums cannot be expressed and are dropped. */
    private static void copyEnum(JsonNode in, ObjectNode out) {
        JsonNode values = in.get("enum");
        if (values == null && in.has("const")) {
            values = Json.array().add(in.get("const"));
        }
        if (values == null || !values.isArray() || values.isEmpty()) return;
        for (JsonNode v : values) if (!v.isTextual()) return;
        out.set("enum", values);
        if (!out.has("type")) out.put("type", "string");
    }

    private void copyItems(JsonNode in, ObjectNode out) {
        JsonNode items = in.get("items");
        if (items == null) return;
        // Tuple form (an array of schemas): Gemini has one item schema, so the first stands for all.
        if (items.isArray()) {
            if (!items.isEmpty()) out.set("items", cleanNode(items.get(0)));
        } else {
            out.set("items", cleanNode(items));
        }
    }

    private void copyProperties(JsonNode in, ObjectNode out) {
        JsonNode properties = in.get("properties");
        if (properties == null || !properties.isObject()) return;
        ObjectNode cleaned = out.putObject("properties");
        for (Map.Entry<String, JsonNode> p : properties.properties()) cleaned.set(p.getKey(), cleanNode(p.getValue()));
        JsonNode required = in.get("required");
        if (required != null && required.isArray()) {
            ArrayNode kept = Json.array();
            for (JsonNode r : required) if (cleaned.has(r.asText())) kept.add(r.asText());
            if (!kept.isEmpty()) out.set("required", kept);
        }
    }

    private void copyAlternatives(JsonNode in, ObjectNode out) {
        List<ObjectNode> branches = new ArrayList<>();
        for (String key : List.of("anyOf", "oneOf")) {
            JsonNode alternatives = in.get(key);
            if (alternatives == null || !alternatives.isArray()) continue;
            for (JsonNode a : alternatives) {
                if (a.path("type").asText().equals("null")) out.put("nullable", true);
                else branches.add(cleanNode(a));
            }
        }
        if (branches.size() == 1) {
            mergeInto(out, branches.getFirst());
        } else if (branches.size() > 1) {
            ArrayNode anyOf = out.putArray("anyOf");
            branches.forEach(anyOf::add);
        }
    }

    private void mergeAllOf(JsonNode in, ObjectNode out) {
        JsonNode all = in.get("allOf");
        if (all == null || !all.isArray()) return;
        for (JsonNode part : all) mergeInto(out, cleanNode(part));
    }

    /** Adds a sub-schema's keywords; properties and required lists are united, other keys keep the first. */
    private static void mergeInto(ObjectNode out, ObjectNode from) {
        for (Map.Entry<String, JsonNode> e : from.properties()) {
            String key = e.getKey();
            if (key.equals("properties") && out.get("properties") instanceof ObjectNode props) {
                props.setAll((ObjectNode) e.getValue());
            } else if (key.equals("required") && out.get("required") instanceof ArrayNode req) {
                for (JsonNode r : e.getValue()) if (!contains(req, r.asText())) req.add(r.asText());
            } else if (!out.has(key)) {
                out.set(key, e.getValue());
            }
        }
    }

    private static boolean contains(ArrayNode array, String value) {
        for (JsonNode n : array) if (n.asText().equals(value)) return true;
        return false;
    }
}
