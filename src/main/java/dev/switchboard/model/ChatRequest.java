package dev.switchboard.model;

import java.util.List;
import java.util.Optional;

/**
 * A chat request in canonical form. {@code model} is the name the client asked for; routing picks the
 * upstream name. {@code nativeBody} holds the original body when it can be forwarded byte for byte.
 */
public record ChatRequest(
        String model,
        List<Message> messages,
        GenerationParams params,
        List<ToolSpec> tools,
        Optional<ToolChoice> toolChoice,
        Optional<ResponseFormat> responseFormat,
        boolean stream,
        boolean includeUsage,
        Optional<NativeBody> nativeBody) {

    public ChatRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }

    public ChatRequest withModel(String newModel) {
        return new ChatRequest(newModel, messages, params, tools, toolChoice, responseFormat, stream, includeUsage,
                nativeBody);
    }

    public ChatRequest withStream(boolean newStream) {
        return new ChatRequest(model, messages, params, tools, toolChoice, responseFormat, newStream, includeUsage,
                nativeBody);
    }
}
