package dev.switchboard.format.ondemand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import dev.switchboard.model.UpstreamFailure;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OnDemandAnswerDecoderTest {

    @Test
    void syncAnswerBecomesOneStoppedChoiceWithUsage() {
        ChatResponse r = OnDemandAnswerDecoder.decode(Buffer.buffer("""
                {"message":"Chat query submitted successfully","data":{"sessionId":"s1","messageId":"m1",
                 "answer":"AI is ...","status":"completed",
                 "metrics":{"inputTokens":10,"outputTokens":4,"totalTokens":14,"totalTimeSec":1.2}}}"""), 1700000000L);
        assertThat(r.id()).isEqualTo("m1");
        assertThat(r.createdEpochSeconds()).isEqualTo(1700000000L);
        assertThat(r.choices()).hasSize(1);
        assertThat(r.choices().getFirst().parts()).containsExactly(Part.Text.of("AI is ..."));
        assertThat(r.choices().getFirst().finishReason()).contains(FinishReason.STOP);
        assertThat(r.usage()).contains(new Usage(10, 4, 14, 0, 0));
    }

    @Test
    void failedStatusIsAServerErrorAndMissingMetricsMeanNoUsage() {
        assertThatThrownBy(() -> OnDemandAnswerDecoder.decode(Buffer.buffer(
                "{\"data\":{\"sessionId\":\"s\",\"messageId\":\"m\",\"answer\":\"\",\"status\":\"failed\"}}"), 0))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> assertThat(f.failureClass()).isEqualTo(FailureClass.SERVER_ERROR));
        ChatResponse r = OnDemandAnswerDecoder.decode(Buffer.buffer("{\"data\":{\"answer\":\"x\"}}"), 0);
        assertThat(r.usage()).isEmpty();
    }

    @Test
    void errorsMapToFailureClassesAndSessionRejectionsAreRecognised() {
        UpstreamFailure limited = OnDemandErrors.parse(429, Buffer.buffer(
                "{\"message\":\"Too many requests\",\"errorCode\":\"rate_limit_exceeded\"}"), Optional.of(Duration.ofSeconds(3)));
        assertThat(limited.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(limited.retryDelay()).contains(Duration.ofSeconds(3));
        assertThat(limited.getMessage()).isEqualTo("OnDemand: Too many requests (rate_limit_exceeded)");
        assertThat(OnDemandErrors.parse(401, Buffer.buffer("{\"message\":\"Invalid API key\",\"errorCode\":\"unauthenticated\"}"),
                Optional.empty()).failureClass()).isEqualTo(FailureClass.INVALID_CREDENTIAL);
        assertThat(OnDemandErrors.parse(500, Buffer.buffer("{\"message\":\"oops\",\"errorCode\":\"model_error\"}"),
                Optional.empty()).failureClass()).isEqualTo(FailureClass.SERVER_ERROR);
        assertThat(OnDemandErrors.parse(400, Buffer.buffer("{\"message\":\"bad\",\"errorCode\":\"invalid_request\"}"),
                Optional.empty()).failureClass()).isEqualTo(FailureClass.CLIENT_ERROR);
        assertThat(OnDemandErrors.parse(502, Buffer.buffer("upstream down"), Optional.empty()).getMessage())
                .isEqualTo("OnDemand: HTTP 502: upstream down");

        assertThat(OnDemandErrors.rejectsSession(404, Buffer.buffer("{\"message\":\"Session not found\",\"errorCode\":\"not_found\"}"))).isTrue();
        assertThat(OnDemandErrors.rejectsSession(400, Buffer.buffer("{\"message\":\"invalid sessionId\",\"errorCode\":\"invalid_request\"}"))).isTrue();
        assertThat(OnDemandErrors.rejectsSession(400, Buffer.buffer("{\"message\":\"temperature out of range\"}"))).isFalse();
        assertThat(OnDemandErrors.rejectsSession(429, Buffer.buffer("{\"message\":\"session rate\"}"))).isFalse();
    }
}
