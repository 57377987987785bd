package dev.switchboard.format.openai;

import static dev.switchboard.format.JsonFields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.JsonFields;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.ResponseFormat;
import dev.switchboard.model.ToolChoice;
import dev.switchboard.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code tools}, {@code tool_choice} and {@code response_format} of an OpenAI chat request. */
final class OpenAiToolDecoder {
    private OpenAiToolDecoder() {}

    static List<ToolSpec> tools(JsonNode root) {
        Optional<JsonNode> tools = JsonFields.array(root, "tools", "");
        if (tools.isEmpty()) return List.of();
        List<ToolSpec> out = new ArrayList<>(tools.get().size());
        for (int i = 0; i < tools.get().size(); i++) {
            String at = path("tools", i);
            JsonNode tool = JsonFields.requireObjectElement(tools.get().get(i), at);
            String type = JsonFields.string(tool, "type", at).orElse("function");
            if (!type.equals("function")) {
                throw GatewayException.invalid(path(at, "type"),
                        "'" + path(at, "type") + "' is '" + type + "'; only 'function' tools are supported");
            }
            JsonNode function = JsonFields.requireObject(tool, "function", at);
            String functionAt = path(at, "function");
            out.add(new ToolSpec(JsonFields.requireString(function, "name", functionAt),
                    JsonFields.string(function, "description", functionAt),
                    JsonFields.object(function, "parameters", functionAt)));
        }
        return out;
    }

    static Optional<ToolChoice> toolChoice(JsonNode root) {
        JsonNode choice = root.get("tool_choice");
        if (choice == null || choice.isNull()) return Optional.empty();
        if (choice.isTextual()) {
            return Optional.of(switch (choice.textValue()) {
                case "auto" -> ToolChoice.of(ToolChoice.Mode.AUTO);
                case "none" -> ToolChoice.of(ToolChoice.Mode.NONE);
                case "required" -> ToolChoice.of(ToolChoice.Mode.REQUIRED);
                default -> throw GatewayException.invalid("tool_choice",
                        "'tool_choice' must be 'auto', 'none', 'required' or a function; got '" + choice.textValue()
                                + "'");
            });
        }
        if (!choice.isObject()) throw JsonFields.wrongType("tool_choice", "a string or an object");
        String type = JsonFields.requireString(choice, "type", "tool_choice");
        if (!type.equals("function")) {
            throw GatewayException.invalid("tool_choice.type",
                    "'tool_choice.type' is '" + type + "'; only 'function' is supported");
        }
        JsonNode function = JsonFields.requireObject(choice, "function", "tool_choice");
        String name = JsonFields.requireString(function, "name", "tool_choice.function");
        return Optional.of(new ToolChoice(ToolChoice.Mode.REQUIRED, List.of(name)));
    }

    static Optional<ResponseFormat> responseFormat(JsonNode root) {
        Optional<JsonNode> format = JsonFields.object(root, "response_format", "");
        if (format.isEmpty()) return Optional.empty();
        String type = JsonFields.requireString(format.get(), "type", "response_format");
        return Optional.of(switch (type) {
            case "text" -> new ResponseFormat(ResponseFormat.Kind.TEXT, Optional.empty());
            case "json_object" -> new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, Optional.empty());
            case "json_schema" -> {
                JsonNode spec = JsonFields.requireObject(format.get(), "json_schema", "response_format");
                yield new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA,
                        JsonFields.object(spec, "schema", "response_format.json_schema"));
            }
            default -> throw GatewayException.invalid("response_format.type",
                    "'response_format.type' must be 'text', 'json_object' or 'json_schema'; got '" + type + "'");
        });
    }
}
