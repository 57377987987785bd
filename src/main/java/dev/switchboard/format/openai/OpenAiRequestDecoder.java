package dev.switchboard.format.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.format.JsonFields;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.GenerationParams;
import dev.switchboard.model.Message;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decodes an OpenAI {@code /v1/chat/completions} body into a {@link ChatRequest}. Unknown fields are ignored;
 * known fields of the wrong type fail with {@link GatewayException#invalid} naming the field. The original
 * bytes are kept as the native body, so an OpenAI-compatible upstream can receive them unchanged.
 */
public final class OpenAiRequestDecoder {
    private OpenAiRequestDecoder() {}

    public static ChatRequest decode(Buffer body) {
        JsonNode root = Json.parseObject(body, ErrorKind.INVALID_REQUEST, "request body");
        String model = JsonFields.string(root, "model", "").filter(s -> !s.isBlank())
                .orElseThrow(() -> JsonFields.missing("model"));
        JsonNode messagesNode = JsonFields.array(root, "messages", "").orElseThrow(() -> JsonFields.missing("messages"));
        if (messagesNode.isEmpty()) throw GatewayException.invalid("messages", "'messages' must not be empty");
        List<Message> messages = new OpenAiMessageDecoder().decode(messagesNode);
        boolean stream = JsonFields.bool(root, "stream", "").orElse(false);
        boolean includeUsage = JsonFields.object(root, "stream_options", "")
                .flatMap(o -> JsonFields.bool(o, "include_usage", "stream_options"))
                .orElse(false);
        return new ChatRequest(model, messages, params(root), OpenAiToolDecoder.tools(root),
                OpenAiToolDecoder.toolChoice(root), OpenAiToolDecoder.responseFormat(root), stream, includeUsage,
                Optional.of(new NativeBody(WireFormat.OPENAI, body)));
    }

    public static ChatRequest decode(byte[] body) {
        return decode(Buffer.buffer(body));
    }

    private static GenerationParams params(JsonNode root) {
        OptionalInt maxTokens = JsonFields.integer(root, "max_completion_tokens", "");
        if (maxTokens.isEmpty()) maxTokens = JsonFields.integer(root, "max_tokens", "");
        return new GenerationParams(
                JsonFields.number(root, "temperature", ""),
                JsonFields.number(root, "top_p", ""),
                JsonFields.integer(root, "top_k", ""),
                maxTokens,
                stop(root),
                JsonFields.integer(root, "n", ""),
                JsonFields.number(root, "presence_penalty", ""),
                JsonFields.number(root, "frequency_penalty", ""),
                JsonFields.longInteger(root, "seed", ""),
                JsonFields.string(root, "reasoning_effort", ""));
    }

    private static List<String> stop(JsonNode root) {
        JsonNode stop = root.get("stop");
        if (stop == null || stop.isNull()) return List.of();
        if (stop.isTextual()) return List.of(stop.textValue());
        if (!stop.isArray()) throw JsonFields.wrongType("stop", "a string or an array of strings");
        List<String> out = new ArrayList<>(stop.size());
        for (int i = 0; i < stop.size(); i++) {
            JsonNode s = stop.get(i);
            if (!s.isTextual()) throw JsonFields.wrongType(JsonFields.path("stop", i), "a string");
            out.add(s.textValue());
        }
        return out;
    }
}
