package dev.switchboard.format.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.format.RetryHints;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Errors from OpenAI-compatible upstreams ({@code {"error":{"message","type","param","code"}}}) as failures
 * the pool understands. 429 is a short rate limit unless the code says the account is out of quota
 * ({@code insufficient_quota}; OpenRouter's 402 for exhausted credits is the same); 401/403 and a 400 with
 * {@code invalid_api_key} mean the key is bad; 5xx are server errors; other 4xx are the client's. The wait
 * comes from {@code retry-after-ms}, {@code Retry-After} (seconds or a date), or OpenAI's
 * {@code x-ratelimit-reset-requests}/{@code -tokens} durations ({@code 1s}, {@code 6m0s}, {@code 20ms}).
 */
public final class OpenAiUpstreamErrors {
    private OpenAiUpstreamErrors() {}

    /** {@code header} looks a response header up by (case-insensitive) name. */
    public static UpstreamFailure parse(int status, Buffer body, Function<String, Optional<String>> header, Clock clock) {
        Optional<JsonNode> error = Json.tryParse(body.toString(StandardCharsets.UTF_8))
                .map(root -> root.path("error"))
                .filter(JsonNode::isObject);
        String code = error.map(OpenAiUpstreamErrors::code).orElse("");
        String message = error.map(e -> e.path("message").asText("")).filter(m -> !m.isBlank())
                .orElseGet(() -> plainMessage(status, body));
        FailureClass cls = classify(status, code);
        Optional<Duration> delay = status == 429 || status == 503 ? retryDelay(header, clock) : Optional.empty();
        ErrorKind kind = status == 402 ? ErrorKind.RATE_LIMITED : ErrorKind.fromHttpStatus(status);
        return new UpstreamFailure(cls, kind, status, withCode(message, code), delay, List.of());
    }

    /**
     * An error object that arrived with status 200, in the body or inside a stream. Its {@code code} is taken
     * as the status when it is a number, else its type or code names one.
     */
    public static UpstreamFailure inBand(JsonNode error) {
        String code = code(error);
        int status = error.path("code").isInt() ? error.path("code").asInt() : statusOf(error.path("type").asText(code));
        if (status < 400 || status > 599) status = 502;
        String message = error.path("message").asText("");
        if (message.isBlank()) message = "upstream reported an error";
        return new UpstreamFailure(classify(status, code), ErrorKind.fromHttpStatus(status), status,
                withCode(message, code), Optional.empty(), List.of());
    }

    static FailureClass classify(int status, String code) {
        if (status == 429) return isQuota(code) ? FailureClass.QUOTA_EXHAUSTED : FailureClass.RATE_LIMITED;
        if (status == 402) return FailureClass.QUOTA_EXHAUSTED;
        if (status == 401 || status == 403 || code.equals("invalid_api_key")) return FailureClass.INVALID_CREDENTIAL;
        if (status == 408 || status == 504) return FailureClass.TIMEOUT;
        if (status >= 500) return FailureClass.SERVER_ERROR;
        return FailureClass.CLIENT_ERROR;
    }

    private static boolean isQuota(String code) {
        return code.equals("insufficient_quota") || code.equals("quota_exceeded") || code.equals("billing_hard_limit_reached");
    }

    private static int statusOf(String typeOrCode) {
        return switch (typeOrCode) {
            case "invalid_request_error", "context_length_exceeded" -> 400;
            case "authentication_error", "invalid_api_key" -> 401;
            case "permission_error" -> 403;
            case "not_found_error", "model_not_found" -> 404;
            case "rate_limit_error", "rate_limit_exceeded", "insufficient_quota" -> 429;
            case "overloaded_error" -> 503;
            case "timeout_error" -> 504;
            default -> 502;
        };
    }

    /** The code as text: OpenAI sends a string, some compatible servers a number. Falls back to the type. */
    private static String code(JsonNode error) {
        JsonNode c = error.path("code");
        if (c.isTextual() && !c.textValue().isEmpty()) return c.textValue();
        return error.path("type").asText("");
    }

    private static String withCode(String message, String code) {
        if (code.isEmpty() || message.contains(code)) return message;
        return message + " (" + code + ")";
    }

    private static String plainMessage(int status, Buffer body) {
        String text = body.toString(StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) return "upstream answered HTTP " + status;
        return "upstream answered HTTP " + status + ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }

    static Optional<Duration> retryDelay(Function<String, Optional<String>> header, Clock clock) {
        Optional<Duration> ms = header.apply("retry-after-ms").flatMap(RetryHints::millis);
        if (ms.isPresent()) return ms;
        Optional<Duration> after = header.apply("retry-after").flatMap(v -> RetryHints.retryAfter(v, clock));
        if (after.isPresent()) return after;
        Optional<Duration> requests = header.apply("x-ratelimit-reset-requests").flatMap(RetryHints::goDuration);
        Optional<Duration> tokens = header.apply("x-ratelimit-reset-tokens").flatMap(RetryHints::goDuration);
        if (requests.isPresent() && tokens.isPresent()) {
            return Optional.of(requests.get().compareTo(tokens.get()) >= 0 ? requests.get() : tokens.get());
        }
        return requests.or(() -> tokens);
    }
}
