package dev.switchboard.format.openai;

import static dev.switchboard.format.JsonFields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.CallIds;
import dev.switchboard.format.Json;
import dev.switchboard.format.JsonFields;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Message;
import dev.switchboard.model.Part;
import dev.switchboard.model.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the {@code messages} array of an OpenAI chat request, one canonical message per wire message (so
 * that indexes in later error messages still match what the client sent). One instance per request: it
 * remembers tool call names so that tool messages, which carry only an id, get the function name Gemini needs.
 */
final class OpenAiMessageDecoder {
    /** Keyed by the id exactly as the client sent it, and by the base id as a fallback. */
    private final Map<String, String> toolNamesById = new HashMap<>();

    List<Message> decode(JsonNode messages) {
        List<Message> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            String at = path("messages", i);
            out.add(message(JsonFields.requireObjectElement(messages.get(i), at), at));
        }
        return out;
    }

    private Message message(JsonNode m, String at) {
        String role = JsonFields.requireString(m, "role", at);
        Optional<String> name = JsonFields.string(m, "name", at);
        return switch (role) {
            case "system", "developer" -> new Message(Role.SYSTEM, OpenAiContentDecoder.textOnly(m, at), name);
            case "user" -> new Message(Role.USER, OpenAiContentDecoder.userContent(m, at), name);
            case "assistant" -> new Message(Role.ASSISTANT, assistantParts(m, at), name);
            case "tool" -> new Message(Role.TOOL, List.of(toolResult(m, at, name)), name);
            default -> throw GatewayException.invalid(path(at, "role"),
                    "'" + path(at, "role") + "' must be one of system, developer, user, assistant, tool; got '"
                            + role + "'");
        };
    }

    private List<Part> assistantParts(JsonNode m, String at) {
        List<Part> parts = new ArrayList<>(2);
        JsonFields.string(m, "reasoning_content", at)
                .filter(r -> !r.isEmpty())
                .ifPresent(r -> parts.add(Part.Reasoning.of(r)));
        parts.addAll(OpenAiContentDecoder.textOnly(m, at));
        Optional<JsonNode> calls = JsonFields.array(m, "tool_calls", at);
        if (calls.isPresent()) {
            String callsAt = path(at, "tool_calls");
            for (int i = 0; i < calls.get().size(); i++) {
                String callAt = path(callsAt, i);
                parts.add(toolCall(JsonFields.requireObjectElement(calls.get().get(i), callAt), callAt));
            }
        }
        return parts;
    }

    private Part.ToolCall toolCall(JsonNode call, String at) {
        String wireId = JsonFields.string(call, "id", at).orElseGet(CallIds::newToolCallId);
        JsonNode function = JsonFields.requireObject(call, "function", at);
        String functionAt = path(at, "function");
        String name = JsonFields.requireString(function, "name", functionAt);
        String arguments = arguments(function, functionAt);
        ToolCallIds.Split id = ToolCallIds.split(wireId);
        Optional<String> signature = id.signature().or(() -> googleSignature(call));
        toolNamesById.put(wireId, name);
        toolNamesById.putIfAbsent(id.baseId(), name);
        return new Part.ToolCall(id.baseId(), name, arguments, signature);
    }

    /** Arguments are JSON text; a few clients send the object itself, which means the same. */
    private static String arguments(JsonNode function, String at) {
        JsonNode args = function.get("arguments");
        if (args == null || args.isNull()) return "{}";
        if (args.isTextual()) return args.textValue();
        if (args.isObject()) return Json.compact(args);
        throw JsonFields.wrongType(path(at, "arguments"), "a string");
    }

    /** Google's own OpenAI-compatible endpoint puts the signature in {@code extra_content.google}. */
    private static Optional<String> googleSignature(JsonNode call) {
        JsonNode sig = call.path("extra_content").path("google").path("thought_signature");
        return sig.isTextual() && !sig.textValue().isEmpty() ? Optional.of(sig.textValue()) : Optional.empty();
    }

    private Part.ToolResult toolResult(JsonNode m, String at, Optional<String> messageName) {
        String wireId = JsonFields.requireString(m, "tool_call_id", at);
        String baseId = ToolCallIds.split(wireId).baseId();
        String name = Optional.ofNullable(toolNamesById.get(wireId))
                .or(() -> Optional.ofNullable(toolNamesById.get(baseId)))
                .or(() -> messageName)
                .orElseThrow(() -> GatewayException.invalid(path(at, "tool_call_id"),
                        "'" + path(at, "tool_call_id") + "' matches no earlier assistant tool call, and the "
                                + "message has no 'name'"));
        String content = OpenAiContentDecoder.concatenatedText(m, at);
        return new Part.ToolResult(baseId, name, content);
    }
}
