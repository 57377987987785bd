package dev.switchboard.format.ondemand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OnDemandStreamDecoderTest {
    final OnDemandStreamDecoder d = new OnDemandStreamDecoder();

    List<ChatEvent> decode(String event, String data) {
        List<ChatEvent> out = new ArrayList<>();
        d.decode(new SseEvent(event, data, Optional.empty()), out::add);
        return out;
    }

    static Part onlyPart(List<ChatEvent> events) {
        assertThat(events).hasSize(1);
        ChatEvent.Chunk c = (ChatEvent.Chunk) events.getFirst();
        assertThat(c.deltas()).hasSize(1);
        assertThat(c.deltas().getFirst().parts()).hasSize(1);
        return c.deltas().getFirst().parts().getFirst();
    }

    @Test
    void documentedStreamBecomesTextReasoningUsageAndAStop() {
        assertThat(decode("message", "{\"sessionId\":\"s1\",\"messageId\":\"m1\",\"eventIndex\":1,"
                + "\"eventType\":\"statusLog\",\"status\":\"processing\",\"currentStatusLog\":{\"statusType\":\"analyzing\"}}")).isEmpty();
        assertThat(onlyPart(decode("thinking", "{\"sessionId\":\"s1\",\"messageId\":\"m1\",\"eventIndex\":2,"
                + "\"eventType\":\"fulfillment_thinking\",\"status\":\"processing\",\"thinking\":{\"delta\":\"Let me think\"}}")))
                .isEqualTo(Part.Reasoning.of("Let me think"));
        assertThat(decode("heartbeat", "{\"sessionId\":\"s1\",\"messageId\":\"m1\",\"time\":\"2026-03-13T13:07:38Z\"}"))
                .singleElement().isInstanceOf(ChatEvent.KeepAlive.class);
        List<ChatEvent> text = decode("message", "{\"sessionId\": \"s1\", \"messageId\": \"m1\", \"answer\": \"The\", "
                + "\"status\": \"processing\", \"eventIndex\":12, \"eventType\": \"fulfillment\"}");
        assertThat(onlyPart(text)).isEqualTo(Part.Text.of("The"));
        assertThat(((ChatEvent.Chunk) text.getFirst()).id()).isEqualTo("m1");
        assertThat(decode("message", "{\"eventType\":\"metricsLog\",\"publicMetrics\":{\"inputTokens\":1262,"
                + "\"outputTokens\":35,\"totalTokens\":1297,\"ragTimeSec\":19.43}}")).isEmpty();

        ChatEvent.Chunk done = (ChatEvent.Chunk) decode("message", "[DONE]").getFirst();
        assertThat(done.deltas().getFirst().finishReason()).contains(FinishReason.STOP);
        assertThat(done.usage()).contains(new Usage(1262, 35, 1297, 0, 0));
        assertThat(d.end()).isEmpty();
    }

    @Test
    void framesWithoutBlankLinesBetweenThemAreReadLineByLine() {
        List<ChatEvent> out = decode("message", "{\"eventType\":\"fulfillment\",\"answer\":\"a\"}\n"
                + "{\"eventType\":\"fulfillment\",\"answer\":\"b\"}\n[DONE]");
        assertThat(out).hasSize(3);
        assertThat(((ChatEvent.Chunk) out.get(1)).deltas().getFirst().parts()).containsExactly(Part.Text.of("b"));
        assertThat(((ChatEvent.Chunk) out.get(2)).hasFinish()).isTrue();
    }

    @Test
    void errorEventFailsTheStreamWithTheMappedStatus() {
        assertThatThrownBy(() -> decode("message",
                "[ERROR]:{\"message\":\"Model context length exceeded\",\"errorCode\":\"context_length_exceeded\"}"))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> {
                    assertThat(f.upstreamStatus()).isEqualTo(400);
                    assertThat(f.failureClass()).isEqualTo(FailureClass.CLIENT_ERROR);
                    assertThat(f.getMessage()).contains("Model context length exceeded");
                });
        OnDemandStreamDecoder limited = new OnDemandStreamDecoder();
        assertThatThrownBy(() -> limited.decode(new SseEvent("message",
                "[ERROR]:{\"message\":\"slow down\",\"errorCode\":\"rate_limit_exceeded\"}", Optional.empty()), e -> { }))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.RATE_LIMITED));
    }

    @Test
    void streamClosedWithoutDoneFinishesOnlyIfTheUpstreamSaidItWasComplete() {
        decode("message", "{\"eventType\":\"fulfillment\",\"answer\":\"half\"}");
        assertThat(d.end()).isEmpty();

        OnDemandStreamDecoder complete = new OnDemandStreamDecoder();
        complete.decode(new SseEvent("message", "{\"eventType\":\"fulfillment\",\"answer\":\"all\"}", Optional.empty()), e -> { });
        complete.decode(new SseEvent("message", "{\"eventType\":\"statusLog\",\"currentStatusLog\":{\"statusType\":"
                + "\"fulfillment_completed\"}}", Optional.empty()), e -> { });
        ChatEvent.Chunk end = (ChatEvent.Chunk) complete.end().orElseThrow();
        assertThat(end.deltas().getFirst().finishReason()).contains(FinishReason.STOP);
        assertThat(end.usage()).isEmpty();
    }

    @Test
    void emptyDeltasAndProgressEventsProduceNothing() {
        assertThat(decode("message", "{\"eventType\":\"fulfillment\",\"answer\":\"\"}")).isEmpty();
        assertThat(decode("message", "{\"eventType\":\"step_output\",\"output\":{\"delta\":\"{\\\"plugins\\\"\"}}")).isEmpty();
        assertThatThrownBy(() -> decode("message", "not json")).hasMessageContaining("not JSON");
    }
}
