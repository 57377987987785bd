package dev.switchboard.format.ondemand;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.Choice;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.Part;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.model.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Optional;

/**
 * OnDemand's sync answer ({@code {"message", "data": {"sessionId", "messageId", "answer", "status",
 * "metrics"}}}) as a canonical answer: one choice, finish STOP (OnDemand reports no finish reason), usage from
 * {@code metrics} ({@code inputTokens}, {@code outputTokens}, {@code totalTokens}).
 */
public final class OnDemandAnswerDecoder {
    private OnDemandAnswerDecoder() {}

    public static ChatResponse decode(Buffer body, long createdEpochSeconds) {
        JsonNode data = Json.parseObject(body, ErrorKind.UPSTREAM, "OnDemand answer").path("data");
        if (data.path("status").asText("").equals("failed")) {
            throw UpstreamFailure.of(FailureClass.SERVER_ERROR, ErrorKind.UPSTREAM,
                    "OnDemand reported the query as failed" + (data.path("answer").asText("").isEmpty() ? ""
                            : ": " + data.path("answer").asText()));
        }
        String answer = data.path("answer").asText("");
        List<Part> parts = answer.isEmpty() ? List.of() : List.of(Part.Text.of(answer));
        Optional<Usage> usage = usage(data.path("metrics")).or(() -> usage(data.path("publicMetrics")));
        return new ChatResponse(data.path("messageId").asText(data.path("sessionId").asText("")), "",
                createdEpochSeconds, List.of(new Choice(0, parts, Optional.of(FinishReason.STOP))), usage,
                Optional.empty(), Optional.empty());
    }

    /** OnDemand's metrics object as usage; empty when it carries no token counts. */
    static Optional<Usage> usage(JsonNode metrics) {
        if (!metrics.isObject() || !metrics.has("inputTokens") && !metrics.has("outputTokens")
                && !metrics.has("totalTokens")) {
            return Optional.empty();
        }
        int in = metrics.path("inputTokens").asInt(0);
        int out = metrics.path("outputTokens").asInt(0);
        return Optional.of(new Usage(in, out, metrics.path("totalTokens").asInt(in + out), 0, 0));
    }
}
