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
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OnDemandStreamDecoderTest {
    static SseEvent event(String name, String data) {
        return new SseEvent(name, data, Optional.empty());
    }

    static Part onlyPart(Optional<ChatEvent> e) {
        ChatEvent.Chunk c = (ChatEvent.Chunk) e.orElseThrow();
        assertThat(c.deltas()).hasSize(1);
        assertThat(c.deltas().getFirst().parts()).hasSize(1);
        return c.deltas().getFirst().parts().getFirst();
    }

    @Test
    void documentedStreamBecomesTextReasoningUsageAndAStop() {
        OnDemandStreamDecoder d = new OnDemandStreamDecoder();
        assertThat(d.decode(event("message", "{\"sessionId\":\"s1\",\"messageId\":\"m1\",\"eventIndex\":1,"
                + "\"eventType\":\"statusLog\",\"status\":\"processing\",\"currentStatusLog\":{\"statusType\":\"analyzing\"}}"))).isEmpty();
        assertThat(onlyPart(d.decode(event("thinking", "{\"sessionId\":\"s1\",\"messageId\":\"m1\",\"eventIndex\":2,"
                + "\"eventType\":\"fulfillment_thinking\",\"status\":\"processing\",\"thinking\":{\"delta\":\"Let me think\"}}"))))
                .isEqualTo(Part.Reasoning.of("Let me think"));
        assertThat(d.decode(event("heartbeat", "{\"sessionId\":\"s1\",\"messageId\":\"m1\",\"time\":\"2026-03-13T13:07:38Z\"}")))
                .containsInstanceOf(ChatEvent.KeepAlive.class);
        Optional<ChatEvent> text = d.decode(event("message", "{\"sessionId\": \"s1\", \"messageId\": \"m1\", \"answer\": \"The\", "
                + "\"status\": \"processing\", \"eventIndex\":12, \"eventType\": \"fulfillment\"}"));
        assertThat(onlyPart(text)).isEqualTo(Part.Text.of("The"));
        assertThat(((ChatEvent.Chunk) text.get()).id()).isEqualTo("m1");
        assertThat(d.decode(event("message", "{\"eventType\":\"metricsLog\",\"publicMetrics\":{\"inputTokens\":1262,"
                + "\"outputTokens\":35,\"totalTokens\":1297,\"ragTimeSec\":19.43}}"))).isEmpty();

        ChatEvent.Chunk done = (ChatEvent.Chunk) d.decode(event("message", "[DONE]")).orElseThrow();
        assertThat(done.deltas().getFirst().finishReason()).contains(FinishReason.STOP);
        assertThat(done.usage()).contains(new Usage(1262, 35, 1297, 0, 0));
        assertThat(d.end()).isEmpty();
    }

    @Test
    void errorEventFailsTheStreamWithTheMappedStatus() {
        OnDemandStreamDecoder d = new OnDemandStreamDecoder();
        assertThatThrownBy(() -> d.decode(event("message",
                "[ERROR]:{\"message\":\"Model context length exceeded\",\"errorCode\":\"context_length_exceeded\"}")))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> {
                    assertThat(f.upstreamStatus()).isEqualTo(400);
                    assertThat(f.failureClass()).isEqualTo(FailureClass.CLIENT_ERROR);
                    assertThat(f.getMessage()).contains("Model context length exceeded");
                });
        OnDemandStreamDecoder limited = new OnDemandStreamDecoder();
        assertThatThrownBy(() -> limited.decode(event("message", "[ERROR]:{\"message\":\"slow down\",\"errorCode\":\"rate_limit_exceeded\"}")))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.RATE_LIMITED));
    }

    @Test
    void streamClosedWithoutDoneFinishesOnlyIfTheUpstreamSaidItWasComplete() {
        OnDemandStreamDecoder cut = new OnDemandStreamDecoder();
        cut.decode(event("message", "{\"eventType\":\"fulfillment\",\"answer\":\"half\"}"));
        assertThat(cut.end()).isEmpty();

        OnDemandStreamDecoder complete = new OnDemandStreamDecoder();
        complete.decode(event("message", "{\"eventType\":\"fulfillment\",\"answer\":\"all\"}"));
        complete.decode(event("message", "{\"eventType\":\"statusLog\",\"currentStatusLog\":{\"statusType\":\"fulfillment_completed\"}}"));
        ChatEvent.Chunk end = (ChatEvent.Chunk) complete.end().orElseThrow();
        assertThat(end.deltas().getFirst().finishReason()).contains(FinishReason.STOP);
        assertThat(end.usage()).isEmpty();
    }

    @Test
    void emptyDeltasAndUnknownEventsProduceNothing() {
        OnDemandStreamDecoder d = new OnDemandStreamDecoder();
        assertThat(d.decode(event("message", "{\"eventType\":\"fulfillment\",\"answer\":\"\"}"))).isEmpty();
        assertThat(d.decode(event("message", "{\"eventType\":\"step_output\",\"output\":{\"delta\":\"{\\\"plugins\\\"\"}}"))).isEmpty();
        assertThatThrownBy(() -> d.decode(event("message", "not json"))).hasMessageContaining("not JSON");
    }
}
