package dev.switchboard.format.gemini;

import static dev.switchboard.format.JsonFields.path;
import static dev.switchboard.format.gemini.GeminiFieldNames.in;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.CallIds;
import dev.switchboard.format.Json;
import dev.switchboard.format.JsonFields;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Message;
import dev.switchboard.model.Part;
import dev.switchboard.model.Role;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes Gemini {@code contents} into canonical messages. Function responses become one TOOL message each,
 * as other formats want them. Gemini pairs calls and responses by name and order; canonical results need the
 * call's id, so calls without an id get one and the next response of the same name takes it.
 */
final class GeminiContentsDecoder {
    private final Map<String, ArrayDeque<String>> pendingCallIds = new HashMap<>();

    List<Message> decode(JsonNode contents) {
        List<Message> out = new ArrayList<>(contents.size());
        for (int i = 0; i < contents.size(); i++) {
            String at = path("contents", i);
            content(JsonFields.requireObjectElement(contents.get(i), at), at, out);
        }
        return out;
    }

    static List<Message> systemInstruction(JsonNode instruction, String at) {
        List<Message> out = new ArrayList<>(1);
        JsonNode parts = JsonFields.array(instruction, "parts", at).orElse(Json.array());
        for (int j = 0; j < parts.size(); j++) {
            String partAt = path(path(at, "parts"), j);
            JsonFields.string(JsonFields.requireObjectElement(parts.get(j), partAt), "text", partAt)
                    .ifPresent(text -> out.add(Message.text(Role.SYSTEM, text)));
        }
        return out;
    }

    private void content(JsonNode content, String at, List<Message> out) {
        String role = JsonFields.string(content, "role", at).orElse("user");
        boolean model = switch (role) {
            case "user" -> false;
            case "model" -> true;
            default -> throw GatewayException.invalid(path(at, "role"),
                    "'" + path(at, "role") + "' must be 'user' or 'model'; got '" + role + "'");
        };
        JsonNode parts = JsonFields.array(content, "parts", at).orElseThrow(() -> JsonFields.missing(path(at, "parts")));
        List<Part> pending = new ArrayList<>(parts.size());
        for (int j = 0; j < parts.size(); j++) {
            String partAt = path(path(at, "parts"), j);
            Optional<Part> part = part(JsonFields.requireObjectElement(parts.get(j), partAt), partAt, model);
            if (part.isEmpty()) continue;
            if (part.get() instanceof Part.ToolResult result) {
                flush(pending, model, out);
                out.add(Message.of(Role.TOOL, List.of(result)));
            } else {
                pending.add(part.get());
            }
        }
        flush(pending, model, out);
    }

    private static void flush(List<Part> pending, boolean model, List<Message> out) {
        if (pending.isEmpty()) return;
        out.add(Message.of(model ? Role.ASSISTANT : Role.USER, List.copyOf(pending)));
        pending.clear();
    }

    /** Parts the canonical model has no place for (executable code, video metadata) are skipped. */
    private Optional<Part> part(JsonNode p, String at, boolean model) {
        Optional<String> signature = JsonFields.string(p, in(p, "thoughtSignature"), at);
        Optional<String> text = JsonFields.string(p, "text", at);
        if (text.isPresent()) {
            boolean thought = JsonFields.bool(p, "thought", at).orElse(false);
            return Optional.of(thought ? new Part.Reasoning(text.get(), signature) : new Part.Text(text.get(), signature));
        }
        Optional<JsonNode> inline = JsonFields.object(p, in(p, "inlineData"), at);
        if (inline.isPresent()) {
            String dataAt = path(at, in(p, "inlineData"));
            return Optional.of(new Part.InlineData(JsonFields.requireString(inline.get(), in(inline.get(), "mimeType"), dataAt),
                    JsonFields.requireString(inline.get(), "data", dataAt)));
        }
        Optional<JsonNode> file = JsonFields.object(p, in(p, "fileData"), at);
        if (file.isPresent()) {
            String fileAt = path(at, in(p, "fileData"));
            return Optional.of(new Part.FileData(JsonFields.string(file.get(), in(file.get(), "mimeType"), fileAt),
                    JsonFields.requireString(file.get(), in(file.get(), "fileUri"), fileAt)));
        }
        Optional<JsonNode> call = JsonFields.object(p, in(p, "functionCall"), at);
        if (call.isPresent()) return Optional.of(toolCall(call.get(), path(at, in(p, "functionCall")), signature));
        Optional<JsonNode> response = JsonFields.object(p, in(p, "functionResponse"), at);
        if (response.isPresent()) return Optional.of(toolResult(response.get(), path(at, in(p, "functionResponse"))));
        return signature.map(s -> model ? new Part.Reasoning("", Optional.of(s)) : new Part.Text("", Optional.of(s)));
    }

    private Part.ToolCall toolCall(JsonNode call, String at, Optional<String> signature) {
        String name = JsonFields.requireString(call, "name", at);
        String id = JsonFields.string(call, "id", at).orElseGet(CallIds::newToolCallId);
        String args = JsonFields.object(call, "args", at).map(Json::compact).orElse("{}");
        pendingCallIds.computeIfAbsent(name, n -> new ArrayDeque<>()).add(id);
        return new Part.ToolCall(id, name, args, signature);
    }

    private Part.ToolResult toolResult(JsonNode response, String at) {
        String name = JsonFields.requireString(response, "name", at);
        ArrayDeque<String> pending = pendingCallIds.getOrDefault(name, new ArrayDeque<>());
        Optional<String> id = JsonFields.string(response, "id", at);
        if (id.isPresent()) pending.remove(id.get());
        String callId = id.orElseGet(() -> pending.isEmpty() ? CallIds.newToolCallId() : pending.poll());
        JsonNode body = JsonFields.object(response, "response", at).orElse(Json.object());
        return new Part.ToolResult(callId, name, resultText(body));
    }

    /** The inverse of the encoder's wrapping: {@code {"content": "text"}} is the text itself. */
    private static String resultText(JsonNode response) {
        JsonNode content = response.get("content");
        if (response.size() == 1 && content != null && content.isTextual()) return content.textValue();
        return Json.compact(response);
    }
}
