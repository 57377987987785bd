package dev.switchboard.format.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import dev.switchboard.format.Json;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.Choice;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.Part;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Encodes a complete answer as an OpenAI {@code chat.completion}. The model field is the name the client
 * asked for, not the upstream's. Tool call ids carry thought signatures (see {@link ToolCallIds}). An answer
 * from an OpenAI-compatible upstream is relayed as its own bytes with those few fields rewritten
 * ({@link OpenAiRelay}).
 *
 * <p>A prompt the upstream refused ({@code blockReason} and no choices) is normally turned into an error by
 * the caller; if it reaches this encoder anyway it becomes one empty choice with finish reason
 * "content_filter", which is how OpenAI itself reports filtered output.
 */
public final class OpenAiResponseEncoder {
    private OpenAiResponseEncoder() {}

    public static Buffer encode(ChatResponse r, String clientModel) {
        Optional<NativeBody> own = r.nativeBody();
        if (own.isPresent() && own.get().format() == WireFormat.OPENAI) {
            Buffer out = Buffer.buffer(own.get().bytes().length() + 32);
            new OpenAiRelay(clientModel, OpenAiNames.CHAT_COMPLETION.getValue(), r.createdEpochSeconds())
                    .append(out, own.get(), false, index -> finishOf(r, index), completionId(r.id()));
            return out;
        }
        return Json.write(g -> {
            g.writeStartObject();
            writeHeaderFields(g, completionId(r.id()), OpenAiNames.CHAT_COMPLETION, r.createdEpochSeconds(), clientModel);
            g.writeFieldName(OpenAiNames.CHOICES);
            g.writeStartArray();
            if (r.choices().isEmpty() && r.blockReason().isPresent()) {
                writeChoice(g, new Choice(0, List.of(), Optional.empty()), Optional.of("content_filter"));
            }
            for (Choice c : r.choices()) writeChoice(g, c, Optional.empty());
            g.writeEndArray();
            if (r.usage().isPresent()) OpenAiUsage.writeField(g, r.usage().get());
            g.writeEndObject();
        });
    }

    /** The finish reason the client should read for choice {@code index}; null when it has none. */
    private static String finishOf(ChatResponse r, int index) {
        for (Choice c : r.choices()) {
            if (c.index() != index || c.finishReason().isEmpty()) continue;
            return OpenAiFinishReasons.of(c.finishReason().get(), c.hasContent(), c.hasToolCall());
        }
        return null;
    }

    /** {@code id}, {@code object}, {@code created} and {@code model}: how answers and stream chunks begin. */
    static void writeHeaderFields(JsonGenerator g, String id, SerializableString object, long created, String model)
            throws IOException {
        g.writeFieldName(OpenAiNames.ID);
        g.writeString(id);
        g.writeFieldName(OpenAiNames.OBJECT);
        g.writeString(object);
        g.writeFieldName(OpenAiNames.CREATED);
        g.writeNumber(created);
        g.writeFieldName(OpenAiNames.MODEL);
        g.writeString(model);
    }

    /** OpenAI ids start with "chatcmpl-"; clients sometimes check. */
    static String completionId(String id) {
        return id.startsWith("chatcmpl-") ? id : "chatcmpl-" + id;
    }

    private static void writeChoice(JsonGenerator g, Choice c, Optional<String> forcedFinish) throws IOException {
        AssistantOutput out = AssistantOutput.of(c.parts());
        g.writeStartObject();
        g.writeFieldName(OpenAiNames.INDEX);
        g.writeNumber(c.index());
        g.writeFieldName(OpenAiNames.MESSAGE);
        g.writeStartObject();
        g.writeFieldName(OpenAiNames.ROLE);
        g.writeString(OpenAiNames.ASSISTANT);
        g.writeFieldName(OpenAiNames.CONTENT);
        if (out.content().isEmpty()) g.writeNull();
        else g.writeString(out.content());
        if (!out.reasoning().isEmpty()) {
            g.writeFieldName(OpenAiNames.REASONING_CONTENT);
            g.writeString(out.reasoning());
        }
        if (!out.toolCalls().isEmpty()) writeToolCalls(g, out.toolCalls());
        g.writeEndObject();
        g.writeFieldName(OpenAiNames.LOGPROBS);
        g.writeNull();
        String finish = forcedFinish.orElseGet(() -> OpenAiFinishReasons.of(
                c.finishReason().orElse(FinishReason.OTHER),
                c.hasContent(), !out.toolCalls().isEmpty()));
        g.writeFieldName(OpenAiNames.FINISH_REASON);
        g.writeString(finish);
        g.writeEndObject();
    }

    /** The fields of one tool call (id with its thought signature, type, function); shared with the stream encoder. */
    static void writeToolCall(JsonGenerator g, Part.ToolCall call) throws IOException {
        g.writeStringField("id", ToolCallIds.embed(call.id(), call.signature()));
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", call.name());
        g.writeStringField("arguments", call.argumentsJson());
        g.writeEndObject();
    }

    private static void writeToolCalls(JsonGenerator g, List<Part.ToolCall> calls) throws IOException {
        g.writeArrayFieldStart("tool_calls");
        for (Part.ToolCall call : calls) {
            g.writeStartObject();
            writeToolCall(g, call);
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
