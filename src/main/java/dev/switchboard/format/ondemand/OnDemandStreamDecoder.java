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
import java.util.function.Consumer;

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

    /**
     * The canonical events {@code e} carries, handed to {@code out}. Throws the failure an {@code [ERROR]} event
     * carries. Events whose {@code data:} holds several lines (frames not separated by a blank line) are read
     * line by line.
     */
    public void decode(SseEvent e, Consumer<ChatEvent> out) {
        String data = e.data();
        if (data.indexOf('\n') < 0) {
            decodeOne(e.event(), data, out);
            return;
        }
        for (String line : data.split("\n")) decodeOne(e.event(), line, out);
    }

    private void decodeOne(String event, String raw, Consumer<ChatEvent> out) {
        if (done) return;
        String data = raw.strip();
        if (data.equals("[DONE]")) {
            done = true;
            out.accept(finish());
            return;
        }
        if (data.startsWith("[ERROR]")) {
            done = true;
            throw OnDemandErrors.inStream(data.substring("[ERROR]".length()).replaceFirst("^\\s*:", ""));
        }
        if (event.equals("heartbeat")) {
            out.accept(new ChatEvent.KeepAlive());
            return;
        }
        if (data.isEmpty()) return;
        JsonNode json = Json.tryParse(data).filter(JsonNode::isObject).orElseThrow(() ->
                new GatewayException(ErrorKind.UPSTREAM, "OnDemand stream event is not JSON: " + abbreviate(data)));
        if (json.path("messageId").isTextual()) messageId = json.path("messageId").textValue();
        String type = json.path("eventType").asText("");
        if (type.equals("fulfillment")) {
            text(Part.Text.of(json.path("answer").asText(""))).ifPresent(out);
        } else if (type.endsWith("_thinking") || type.equals("thinking") || event.equals("thinking")) {
            text(Part.Reasoning.of(json.path("thinking").path("delta").asText(""))).ifPresent(out);
        } else if (type.equals("metricsLog")) {
            completed = true;
            usage = OnDemandAnswerDecoder.usage(json.path("publicMetrics"))
                    .or(() -> OnDemandAnswerDecoder.usage(json.path("metrics")));
        } else if (type.equals("statusLog")
                && json.path("currentStatusLog").path("statusType").asText("").equals("fulfillment_completed")) {
            completed = true;
        }
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
