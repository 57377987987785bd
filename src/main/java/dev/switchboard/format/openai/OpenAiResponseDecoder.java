package dev.switchboard.format.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.Choice;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.Part;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An OpenAI-compatible upstream's {@code chat.completion} as a canonical answer. */
public final class OpenAiResponseDecoder {
    private OpenAiResponseDecoder() {}

    /**
     * Fails with a {@link dev.switchboard.model.GatewayException} (UPSTREAM) when the body is not a completion,
     * or with the {@link dev.switchboard.model.UpstreamFailure} an error object in it describes.
     */
    public static ChatResponse decode(Buffer body) {
        JsonNode root = Json.parseObject(body, ErrorKind.UPSTREAM, "upstream answer");
        // Some compatible servers answer 200 with an error object instead of a completion.
        if (root.path("error").isObject() && !root.has("choices")) throw OpenAiUpstreamErrors.inBand(root.get("error"));
        List<Choice> choices = new ArrayList<>(1);
        int position = 0;
        for (JsonNode c : root.path("choices")) {
            List<Part> parts = new ArrayList<>(2);
            JsonNode message = c.path("message");
            OpenAiAnswerParts.textParts(message, parts);
            int callNumber = 0;
            for (JsonNode call : message.path("tool_calls")) parts.add(toolCall(call, callNumber++));
            choices.add(new Choice(c.path("index").asInt(position), parts, OpenAiAnswerParts.finishReason(c)));
            position++;
        }
        return new ChatResponse(root.path("id").asText(""), root.path("model").asText(""),
                root.path("created").asLong(0), choices, OpenAiAnswerParts.usage(root), Optional.empty(),
                Optional.of(new NativeBody(WireFormat.OPENAI, body)));
    }

    private static Part.ToolCall toolCall(JsonNode call, int number) {
        JsonNode fn = call.path("function");
        String args = fn.path("arguments").isTextual() ? fn.path("arguments").textValue()
                : fn.path("arguments").isObject() ? fn.path("arguments").toString() : "";
        String id = call.path("id").asText("");
        return new Part.ToolCall(id.isEmpty() ? "call_" + number : id, fn.path("name").asText(""),
                args.isEmpty() ? "{}" : args, Optional.empty());
    }
}
