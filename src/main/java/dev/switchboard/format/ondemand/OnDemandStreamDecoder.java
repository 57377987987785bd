package dev.switchboard.format.ondemand;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.Choice;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import dev.switchboard.sse.SseEvent;
import java.util.List;
import java.util.Optional;

/**
 * OnDemand's stream ({@code responseMode: "stream"}) as canonical events. Stateful: one per stream.
 *
 * <p>The wire, per OnDemand's documentation and captured streams: {@code event:} is {@code message},
 * {@code thinking} or {@code heartbeat}; {@code data:} is JSON with an {@code eventType}. Answer text comes in
 * {@code fulfillment} events ({@code answer}, one delta each); reasoning in {@code *_thinking} events
 * ({@code thinking.delta}); usage in {@code metricsLog} ({@code publicMetrics.inputTokens/outputTokens/
 * totalTokens}); {@code statusLog} and plugin events are progress only. {@code data:[DONE]} ends the answer;
 * {@code data:[ERROR]:{"message","errorCode"}} ends it with an error. Heartbeats become keep-alives.
 *
 * <p>OnDemand reports no finish reason, so {@code [DONE]} becomes a STOP carrying the usage. A stream that
 * closes without {@code [DONE]} still counts as finished if the upstream said it was (a metrics event or a
 * {@code fulfillment_completed} status); otherwise it was cut off and gets no finish.
 */
public final class OnDemandStreamDecoder {
    private Optional<Usage> usage = Optional.empty();
    private String messageId = "";
    private boolean completed;
    private boolean done;

    /** The event as zero or one canonical event. Throws the failure an {@code [ERROR]} event carries. */
    public Optional<ChatEvent> decode(SseEvent e) {
        if (done) return Optional.empty();
        String data = e.data().strip();
        if (data.equals("[DONE]")) {
            done = true;
            return Optional.of(finish());
        }
        if (data.startsWith("[ERROR]")) {
            done = true;
            throw OnDemandErrors.inStream(data.substring("[ERROR]".length()).replaceFirst("^\\s*:", ""));
        }
        if (e.event().equals("heartbeat")) return Optional.of(new ChatEvent.KeepAlive());
        if (data.isEmpty()) return Optional.empty();
        JsonNode json = Json.tryParse(data).filter(JsonNode::isObject).orElseThrow(() ->
                new GatewayException(ErrorKind.UPSTREAM, "OnDemand stream event is not JSON: " + abbreviate(data)));
        if (json.path("messageId").isTextual()) messageId = json.path("messageId").textValue();
        String type = json.path("eventType").asText("");
        if (type.equals("fulfillment")) return text(Part.Text.of(json.path("answer").asText("")));
        if (type.endsWith("_thinking") || type.equals("thinking") || e.event().equals("thinking")) {
            return text(Part.Reasoning.of(json.path("thinking").path("delta").asText("")));
        }
        if (type.equals("metricsLog")) {
            completed = true;
            usage = OnDemandAnswerDecoder.usage(json.path("publicMetrics"))
                    .or(() -> OnDemandAnswerDecoder.usage(json.path("metrics")));
        } else if (type.equals("statusLog")
                && json.path("currentStatusLog").path("statusType").asText("").equals("fulfillment_completed")) {
            completed = true;
        }
        return Optional.empty();
    }

    /** The body ended: the finish, if the upstream had said it was complete but sent no {@code [DONE]}. */
    public Optional<ChatEvent> end() {
        if (done || !completed) return Optional.empty();
        done = true;
        return Optional.of(finish());
    }

    private Optional<ChatEvent> text(Part p) {
        boolean empty = switch (p) {
            case Part.Text t -> t.text().isEmpty();
            case Part.Reasoning r -> r.text().isEmpty();
            default -> false;
        };
        if (empty) return Optional.empty();
        return Optional.of(new ChatEvent.Chunk(messageId, List.of(new Choice(0, List.of(p), Optional.empty())),
                Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private ChatEvent finish() {
        return new ChatEvent.Chunk(messageId, List.of(new Choice(0, List.of(), Optional.of(FinishReason.STOP))),
                usage, Optional.empty(), Optional.empty());
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
