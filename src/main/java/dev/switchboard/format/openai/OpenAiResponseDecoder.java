package dev.switchboard.format.openai;

import dev.switchboard.format.CallIds;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.Choice;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.Part;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An OpenAI-compatible upstream's {@code chat.completion} as a canonical answer, its bytes kept for OpenAI
 * clients with the patches their tool calls need ({@link OpenAiRelay#patchCall}): a call without an id gets
 * the one its canonical part has.
 */
public final class OpenAiResponseDecoder {
    private OpenAiResponseDecoder() {}

    /**
     * Fails with a {@link dev.switchboard.model.GatewayException} (UPSTREAM) when the body is not a completion,
     * or with the {@link dev.switchboard.model.UpstreamFailure} an error object in it describes.
     */
    public static ChatResponse decode(Buffer body) {
        OpenAiAnswerReader answer = OpenAiAnswerReader.read(body, "upstream answer");
        // Some compatible servers answer 200 with an error object instead of a completion.
        if (answer.error().isPresent() && !answer.hasChoices()) throw OpenAiUpstreamErrors.inBand(answer.error().get());
        List<Choice> choices = new ArrayList<>(answer.choices().size());
        int position = 0;
        for (OpenAiAnswerReader.ChoiceData c : answer.choices()) {
            List<Part> parts = new ArrayList<>(2);
            c.textParts(parts);
            int index = c.indexOr(position);
            for (OpenAiAnswerReader.CallData call : c.calls()) {
                String newId = call.id().isEmpty() ? CallIds.newToolCallId() : null;
                parts.add(toolCall(call, newId != null ? newId : call.id()));
                OpenAiRelay.patchCall(answer.spans(), call, index, -1, true, false, newId);
            }
            choices.add(new Choice(index, parts, c.finish()));
            position++;
        }
        // As for Gemini's answers: a random id and the time of decoding where the upstream gave none.
        long created = answer.created() > 0 ? answer.created() : Instant.now().getEpochSecond();
        return new ChatResponse(answer.id().orElseGet(() -> CallIds.randomAlphanumeric(24)), answer.model(), created,
                choices, answer.usage(),
                Optional.empty(), Optional.of(new NativeBody(WireFormat.OPENAI, body, answer.spans())));
    }

    private static Part.ToolCall toolCall(OpenAiAnswerReader.CallData call, String id) {
        String args = call.arguments() == null || call.arguments().isEmpty() ? "{}" : call.arguments();
        return new Part.ToolCall(id, call.name() == null ? "" : call.name(), args, Optional.empty());
    }
}
