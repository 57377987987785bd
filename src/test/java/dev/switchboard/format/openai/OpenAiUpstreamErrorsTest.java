package dev.switchboard.format.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiUpstreamErrorsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-05-26T05:00:00Z"), ZoneOffset.UTC);

    static UpstreamFailure parse(int status, String body, Map<String, String> headers) {
        return OpenAiUpstreamErrors.parse(status, Buffer.buffer(body), n -> Optional.ofNullable(headers.get(n)), CLOCK);
    }

    static String error(String message, String type, String code) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
                + (code == null ? "null" : "\"" + code + "\"") + "}}";
    }

    @Test
    void rateLimitTakesItsWaitFromTheResetHeaders() {
        UpstreamFailure f = parse(429, error("Rate limit reached for gpt-4o", "requests", "rate_limit_exceeded"),
                Map.of("x-ratelimit-reset-requests", "6m0s", "x-ratelimit-reset-tokens", "20ms"));
        assertThat(f.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
        assertThat(f.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(f.retryDelay()).contains(Duration.ofMinutes(6));
        assertThat(f.getMessage()).contains("Rate limit reached for gpt-4o");
    }

    @Test
    void retryAfterWinsOverResetHeadersAndMayBeADate() {
        assertThat(parse(429, "", Map.of("retry-after", "7", "x-ratelimit-reset-requests", "1m")).retryDelay())
                .contains(Duration.ofSeconds(7));
        assertThat(parse(429, "", Map.of("retry-after-ms", "1500")).retryDelay()).contains(Duration.ofMillis(1500));
        assertThat(parse(429, "", Map.of("retry-after", "Mon, 26 May 2025 05:00:30 GMT")).retryDelay())
                .contains(Duration.ofSeconds(30));
        assertThat(parse(429, "", Map.of()).retryDelay()).isEmpty();
    }

    @Test
    void insufficientQuotaIsExhaustedNotJustRateLimited() {
        UpstreamFailure f = parse(429, error("You exceeded your current quota", "insufficient_quota", "insufficient_quota"), Map.of());
        assertThat(f.failureClass()).isEqualTo(FailureClass.QUOTA_EXHAUSTED);
        assertThat(parse(402, "{\"error\":{\"message\":\"Insufficient credits\",\"code\":402}}", Map.of()).failureClass())
                .isEqualTo(FailureClass.QUOTA_EXHAUSTED);
    }

    @Test
    void badKeysAreInvalidCredentials() {
        assertThat(parse(401, error("Incorrect API key provided: sk-abc***", "invalid_request_error", "invalid_api_key"), Map.of())
                .failureClass()).isEqualTo(FailureClass.INVALID_CREDENTIAL);
        assertThat(parse(403, error("Country not supported", "invalid_request_error", "unsupported_country_region_territory"), Map.of())
                .failureClass()).isEqualTo(FailureClass.INVALID_CREDENTIAL);
        assertThat(parse(400, error("bad key", "invalid_request_error", "invalid_api_key"), Map.of()).failureClass())
                .isEqualTo(FailureClass.INVALID_CREDENTIAL);
    }

    @Test
    void serverErrorsAreRetryableAndClientErrorsAreNot() {
        UpstreamFailure server = parse(500, error("The server had an error", "server_error", null), Map.of());
        assertThat(server.failureClass()).isEqualTo(FailureClass.SERVER_ERROR);
        assertThat(server.retryable()).isTrue();
        assertThat(parse(504, "", Map.of()).failureClass()).isEqualTo(FailureClass.TIMEOUT);

        UpstreamFailure client = parse(400, error("This model's maximum context length is 128000 tokens",
                "invalid_request_error", "context_length_exceeded"), Map.of());
        assertThat(client.failureClass()).isEqualTo(FailureClass.CLIENT_ERROR);
        assertThat(client.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(client.getMessage()).endsWith("(context_length_exceeded)");
        assertThat(parse(404, error("The model `gpt-5o` does not exist", "invalid_request_error", "model_not_found"), Map.of())
                .kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void bodyThatIsNotAnOpenAiErrorIsQuoted() {
        UpstreamFailure f = parse(502, "<html>Bad Gateway</html>", Map.of());
        assertThat(f.getMessage()).isEqualTo("upstream answered HTTP 502: <html>Bad Gateway</html>");
        assertThat(f.failureClass()).isEqualTo(FailureClass.SERVER_ERROR);
    }
}
