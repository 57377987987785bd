package dev.switchboard.format.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.testing.MutableClock;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GeminiErrorsTest {
    private final MutableClock clock = MutableClock.at("2025-06-26T20:30:00Z");

    static byte[] fixture(String name) {
        try (InputStream in = GeminiErrorsTest.class.getResourceAsStream("/fixtures/gemini/" + name)) {
            if (in == null) throw new IllegalStateException("no fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private UpstreamFailure parse(int status, String fixture) {
        return GeminiErrors.parse(status, fixture(fixture), Optional.empty(), clock);
    }

    private UpstreamFailure parseText(int status, String body, Optional<String> retryAfter) {
        return GeminiErrors.parse(status, body.getBytes(StandardCharsets.UTF_8), retryAfter, clock);
    }

    @Test
    void perMinute429IsRateLimitedWithRetryInfoDelayAndQuotaId() {
        UpstreamFailure f = parse(429, "429-per-minute.json");

        assertThat(f.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(f.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(f.upstreamStatus()).isEqualTo(429);
        assertThat(f.retryDelay()).contains(Duration.ofSeconds(37));
        assertThat(f.quotaIds()).containsExactly("GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
        assertThat(f.getMessage()).startsWith("You exceeded your current quota");
    }

    @Test
    void perDay429IsQuotaExhausted() {
        UpstreamFailure f = parse(429, "429-per-day.json");

        assertThat(f.failureClass()).isEqualTo(FailureClass.QUOTA_EXHAUSTED);
        assertThat(f.quotaIds()).containsExactly("GenerateRequestsPerDayPerProjectPerModel-FreeTier");
        assertThat(f.retryDelay()).contains(Duration.ofSeconds(22));
    }

    @Test
    void tokensPerMinute429WithFractionalDelay() {
        UpstreamFailure f = parse(429, "429-input-tokens-per-minute.json");

        assertThat(f.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(f.retryDelay()).contains(Duration.ofMillis(500));
        assertThat(f.quotaIds()).containsExactly("GenerateContentInputTokensPerModelPerMinute-FreeTier");
    }

    @Test
    void anyPerDayViolationAmongSeveralMakesItQuotaExhausted() {
        String body = """
                {"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED","details":[
                  {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[
                    {"quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier"},
                    {"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]},
                  {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"47s"}]}}""";

        UpstreamFailure f = parseText(429, body, Optional.empty());

        assertThat(f.failureClass()).isEqualTo(FailureClass.QUOTA_EXHAUSTED);
        assertThat(f.quotaIds()).hasSize(2);
    }

    @Test
    void invalidApiKeyOn400IsInvalidCredential() {
        UpstreamFailure f = parse(400, "400-api-key-invalid.json");

        assertThat(f.failureClass()).isEqualTo(FailureClass.INVALID_CREDENTIAL);
        assertThat(f.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(f.getMessage()).isEqualTo("API key not valid. Please pass a valid API key.");
        assertThat(f.retryDelay()).isEmpty();
    }

    @Test
    void expiredKeyMessageWithoutErrorInfoIsInvalidCredential() {
        UpstreamFailure f = parseText(400,
                "{\"error\":{\"code\":400,\"message\":\"API key expired. Please renew the API key.\",\"status\":\"INVALID_ARGUMENT\"}}",
                Optional.empty());

        assertThat(f.failureClass()).isEqualTo(FailureClass.INVALID_CREDENTIAL);
    }

    @Test
    void ordinary400IsClientError() {
        UpstreamFailure f = parseText(400,
                "{\"error\":{\"code\":400,\"message\":\"* GenerateContentRequest.contents: contents is not specified\",\"status\":\"INVALID_ARGUMENT\"}}",
                Optional.empty());

        assertThat(f.failureClass()).isEqualTo(FailureClass.CLIENT_ERROR);
        assertThat(f.retryable()).isFalse();
    }

    @Test
    void permissionDenied403IsInvalidCredential() {
        UpstreamFailure f = parse(403, "403-permission-denied.json");

        assertThat(f.failureClass()).isEqualTo(FailureClass.INVALID_CREDENTIAL);
        assertThat(f.kind()).isEqualTo(ErrorKind.PERMISSION);
        assertThat(f.getMessage()).contains("Generative Language API has not been used");
    }

    @Test
    void overloaded503IsServerError() {
        UpstreamFailure f = parse(503, "503-overloaded.json");

        assertThat(f.failureClass()).isEqualTo(FailureClass.SERVER_ERROR);
        assertThat(f.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(f.getMessage()).isEqualTo("The model is overloaded. Please try again later.");
    }

    @Test
    void htmlFromAProxyBecomesAShortMessage() {
        UpstreamFailure f = parse(502, "502-proxy.html");

        assertThat(f.failureClass()).isEqualTo(FailureClass.SERVER_ERROR);
        assertThat(f.kind()).isEqualTo(ErrorKind.UPSTREAM);
        assertThat(f.getMessage()).isEqualTo("Upstream returned HTTP 502: 502 Bad Gateway");
    }

    @Test
    void emptyAndPlainTextBodies() {
        assertThat(parseText(500, "", Optional.empty()).getMessage())
                .isEqualTo("Upstream returned HTTP 500 with an empty body");
        assertThat(parseText(504, "upstream request timeout", Optional.empty()).getMessage())
                .isEqualTo("Upstream returned HTTP 504: upstream request timeout");
    }

    @Test
    void streamingEndpointsWrapTheErrorInAnArray() {
        UpstreamFailure f = parseText(429, "[" + new String(fixture("429-per-minute.json"), StandardCharsets.UTF_8) + "]",
                Optional.empty());

        assertThat(f.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(f.retryDelay()).contains(Duration.ofSeconds(37));
    }

    @Test
    void retryAfterHeaderInSecondsWhenNoRetryInfo() {
        UpstreamFailure f = parseText(429, "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\"}}",
                Optional.of("12"));

        assertThat(f.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(f.retryDelay()).contains(Duration.ofSeconds(12));
        assertThat(f.quotaIds()).isEmpty();
    }

    @Test
    void retryAfterHeaderAsHttpDate() {
        // the clock is at 20:30:00 UTC
        UpstreamFailure f = parseText(503, "busy", Optional.of("Thu, 26 Jun 2025 20:31:30 GMT"));

        assertThat(f.retryDelay()).contains(Duration.ofSeconds(90));
    }

    @Test
    void retryAfterDateInThePastMeansNow() {
        assertThat(GeminiErrors.retryAfter("Thu, 26 Jun 2025 20:00:00 GMT", clock)).contains(Duration.ZERO);
        assertThat(GeminiErrors.retryAfter("soon", clock)).isEmpty();
    }

    @Test
    void retryInfoWinsOverRetryAfter() {
        UpstreamFailure f = GeminiErrors.parse(429, fixture("429-per-minute.json"), Optional.of("5"), clock);

        assertThat(f.retryDelay()).contains(Duration.ofSeconds(37));
    }

    @Test
    void retryHintInTheMessageIsTheLastResort() {
        UpstreamFailure f = parseText(429, "{\"error\":{\"code\":429,\"message\":\"Quota exceeded.\\nPlease retry in 38.922534355s.\",\"status\":\"RESOURCE_EXHAUSTED\"}}",
                Optional.empty());

        assertThat(f.retryDelay()).contains(Duration.ofNanos(38_922_534_355L));
    }

    @Test
    void protobufDurations() {
        assertThat(GeminiErrors.protoDuration("37s")).contains(Duration.ofSeconds(37));
        assertThat(GeminiErrors.protoDuration("0.5s")).contains(Duration.ofMillis(500));
        assertThat(GeminiErrors.protoDuration("45.837906927s")).contains(Duration.ofNanos(45_837_906_927L));
        assertThat(GeminiErrors.protoDuration("900ms")).contains(Duration.ofMillis(900));
        assertThat(GeminiErrors.protoDuration("soon")).isEmpty();
    }

    @Test
    void keysInUrlsAndKeyShapedStringsAreStripped() {
        String key = "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";
        UpstreamFailure f = parseText(404, "{\"error\":{\"code\":404,\"message\":\"POST https://generativelanguage.googleapis.com/v1beta/models/x:generateContent?key="
                + key + "&alt=sse not found; key " + key + "\",\"status\":\"NOT_FOUND\"}}", Optional.empty());

        assertThat(f.getMessage()).doesNotContain(key).contains("?key=***&alt=sse").contains("AIza***");
        assertThat(f.failureClass()).isEqualTo(FailureClass.CLIENT_ERROR);
        assertThat(f.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void vertxBufferOverload() {
        UpstreamFailure f = GeminiErrors.parse(401, Buffer.buffer("{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\"}}"),
                Optional.empty(), clock);

        assertThat(f.failureClass()).isEqualTo(FailureClass.INVALID_CREDENTIAL);
        assertThat(f.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(f.getMessage()).isEqualTo("UNAUTHENTICATED");
    }
}
