package dev.switchboard.format.gemini;

import static dev.switchboard.format.JsonFields.path;
import static dev.switchboard.format.gemini.GeminiFieldNames.in;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.format.JsonFields;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.GenerationParams;
import dev.switchboard.model.Message;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.ResponseFormat;
import dev.switchboard.model.ToolChoice;
import dev.switchboard.model.ToolSpec;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decodes a Gemini {@code generateContent} body from a Gemini-API client (the model comes from the URL).
 * Whether it streams is also in the URL, so the caller sets that. Built-in tools (search, code execution)
 * and safety settings have no canonical form; they reach Gemini upstreams through the native body only.
 */
public final class GeminiRequestDecoder {
    private GeminiRequestDecoder() {}

    public static ChatRequest decode(Buffer body, String model) {
        JsonNode root = Json.parseObject(body, ErrorKind.INVALID_REQUEST, "request body");
        JsonNode contents = JsonFields.array(root, "contents", "").orElseThrow(() -> JsonFields.missing("contents"));
        if (contents.isEmpty()) throw GatewayException.invalid("contents", "'contents' must not be empty");
        List<Message> messages = new ArrayList<>();
        String systemName = in(root, "systemInstruction");
        JsonFields.object(root, systemName, "")
                .ifPresent(s -> messages.addAll(GeminiContentsDecoder.systemInstruction(s, systemName)));
        messages.addAll(new GeminiContentsDecoder().decode(contents));
        String configName = in(root, "generationConfig");
        JsonNode config = JsonFields.object(root, configName, "").orElse(Json.object());
        // Gemini always reports usage, so a translated upstream is asked for it too.
        return new ChatRequest(model, messages, params(config, configName), tools(root), toolChoice(root),
                responseFormat(config, configName), false, true,
                Optional.of(new NativeBody(WireFormat.GEMINI, body)));
    }

    private static GenerationParams params(JsonNode c, String at) {
        return new GenerationParams(
                JsonFields.number(c, "temperature", at),
                JsonFields.number(c, in(c, "topP"), at),
                JsonFields.integer(c, in(c, "topK"), at),
                JsonFields.integer(c, in(c, "maxOutputTokens"), at),
                stopSequences(c, at),
                JsonFields.integer(c, in(c, "candidateCount"), at),
                JsonFields.number(c, in(c, "presencePenalty"), at),
                JsonFields.number(c, in(c, "frequencyPenalty"), at),
                JsonFields.longInteger(c, "seed", at),
                reasoningEffort(c, at));
    }

    private static List<String> stopSequences(JsonNode c, String at) {
        String name = in(c, "stopSequences");
        Optional<JsonNode> stops = JsonFields.array(c, name, at);
        if (stops.isEmpty()) return List.of();
        List<String> out = new ArrayList<>(stops.get().size());
        for (int i = 0; i < stops.get().size(); i++) {
            JsonNode s = stops.get().get(i);
            if (!s.isTextual()) throw JsonFields.wrongType(path(path(at, name), i), "a string");
            out.add(s.textValue());
        }
        return out;
    }

    /** The inverse of the encoder's mapping; a dynamic budget (-1) says nothing about effort. */
    private static Optional<String> reasoningEffort(JsonNode c, String at) {
        String name = in(c, "thinkingConfig");
        Optional<JsonNode> thinking = JsonFields.object(c, name, at);
        if (thinking.isEmpty()) return Optional.empty();
        String thinkingAt = path(at, name);
        Optional<String> level = JsonFields.string(thinking.get(), in(thinking.get(), "thinkingLevel"), thinkingAt);
        if (level.isPresent()) return Optional.of(level.get().toLowerCase(Locale.ROOT));
        OptionalInt budget = JsonFields.integer(thinking.get(), in(thinking.get(), "thinkingBudget"), thinkingAt);
        if (budget.isEmpty() || budget.getAsInt() < 0) return Optional.empty();
        int b = budget.getAsInt();
        return Optional.of(b == 0 ? "none" : b <= 1024 ? "low" : b <= 8192 ? "medium" : "high");
    }

    private static Optional<ResponseFormat> responseFormat(JsonNode c, String at) {
        Optional<String> mime = JsonFields.string(c, in(c, "responseMimeType"), at);
        if (mime.isEmpty() || !mime.get().equals("application/json")) return Optional.empty();
        Optional<JsonNode> schema = JsonFields.object(c, in(c, "responseJsonSchema"), at)
                .or(() -> JsonFields.object(c, in(c, "responseSchema"), at));
        return Optional.of(schema.isPresent()
                ? new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, schema)
                : new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, Optional.empty()));
    }

    private static List<ToolSpec> tools(JsonNode root) {
        Optional<JsonNode> tools = JsonFields.array(root, "tools", "");
        if (tools.isEmpty()) return List.of();
        List<ToolSpec> out = new ArrayList<>();
        for (int i = 0; i < tools.get().size(); i++) {
            String toolAt = path("tools", i);
            JsonNode tool = JsonFields.requireObjectElement(tools.get().get(i), toolAt);
            String declarationsName = in(tool, "functionDeclarations");
            Optional<JsonNode> declarations = JsonFields.array(tool, declarationsName, toolAt);
            if (declarations.isEmpty()) continue;
            for (int j = 0; j < declarations.get().size(); j++) {
                String at = path(path(toolAt, declarationsName), j);
                JsonNode d = JsonFields.requireObjectElement(declarations.get().get(j), at);
                Optional<JsonNode> parameters = JsonFields.object(d, in(d, "parametersJsonSchema"), at)
                        .or(() -> JsonFields.object(d, "parameters", at));
                out.add(new ToolSpec(JsonFields.requireString(d, "name", at), JsonFields.string(d, "description", at),
                        parameters));
            }
        }
        return out;
    }

    private static Optional<ToolChoice> toolChoice(JsonNode root) {
        String configName = in(root, "toolConfig");
        Optional<JsonNode> config = JsonFields.object(root, configName, "");
        if (config.isEmpty()) return Optional.empty();
        String callingName = in(config.get(), "functionCallingConfig");
        Optional<JsonNode> calling = JsonFields.object(config.get(), callingName, configName);
        if (calling.isEmpty()) return Optional.empty();
        String at = path(configName, callingName);
        String mode = JsonFields.string(calling.get(), "mode", at).orElse("AUTO");
        List<String> names = new ArrayList<>();
        String namesName = in(calling.get(), "allowedFunctionNames");
        JsonFields.array(calling.get(), namesName, at).ifPresent(a -> a.forEach(n -> names.add(n.asText())));
        return Optional.of(switch (mode) {
            // VALIDATED (calls or text, schema-checked) is AUTO for any other upstream.
            case "AUTO", "VALIDATED", "MODE_UNSPECIFIED" -> ToolChoice.of(ToolChoice.Mode.AUTO);
            case "ANY" -> new ToolChoice(ToolChoice.Mode.REQUIRED, names);
            case "NONE" -> ToolChoice.of(ToolChoice.Mode.NONE);
            default -> throw GatewayException.invalid(path(at, "mode"),
                    "'" + path(at, "mode") + "' must be AUTO, ANY, NONE or VALIDATED; got '" + mode + "'");
        });
    }
}
