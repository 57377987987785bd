package dev.switchboard.format.ondemand;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * OnDemand's errors ({@code {"message", "errorCode"}}, as HTTP answers or as a stream's
 * {@code [ERROR]:{...}} event) as failures the pool understands: 429 rate limited, 402 out of credits,
 * 401/403 bad key, 5xx server trouble (504 a plugin or model timeout), other 4xx the client's.
 */
public final class OnDemandErrors {
    private OnDemandErrors() {}

    public static UpstreamFailure parse(int status, Buffer body, Optional<Duration> retryAfter) {
        String text = body.toString(StandardCharsets.UTF_8);
        Optional<JsonNode> json = Json.tryParse(text).filter(JsonNode::isObject);
        String code = json.map(j -> j.path("errorCode").asText("")).orElse("");
        String message = json.map(j -> j.path("message").asText("")).filter(m -> !m.isBlank())
                .orElseGet(() -> "HTTP " + status + (text.isBlank() ? "" : ": " + abbreviate(text.strip())));
        return failure(status, code, message, status == 429 ? retryAfter : Optional.empty());
    }

    /** The JSON after {@code [ERROR]:} in a stream; the status comes from the error code. */
    public static UpstreamFailure inStream(String json) {
        Optional<JsonNode> j = Json.tryParse(json.strip()).filter(JsonNode::isObject);
        String code = j.map(n -> n.path("errorCode").asText("")).orElse("");
        String message = j.map(n -> n.path("message").asText("")).filter(m -> !m.isBlank())
                .orElse(json.isBlank() ? "OnDemand stream reported an error" : abbreviate(json.strip()));
        return failure(statusOf(code), code, message, Optional.empty());
    }

    /**
     * Whether an error answer to a query says the session itself is gone or unusable (so a fresh session
     * may succeed): any 404, or a 400 whose message or code speaks of the session.
     */
    public static boolean rejectsSession(int status, Buffer body) {
        if (status == 404) return true;
        if (status != 400 && status != 410 && status != 422) return false;
        return body.toString(StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("session");
    }

    static int statusOf(String errorCode) {
        return switch (errorCode) {
            case "invalid_request", "context_length_exceeded" -> 400;
            case "unauthenticated" -> 401;
            case "unauthorized" -> 403;
            case "not_found" -> 404;
            case "rate_limit_exceeded" -> 429;
            case "server_error", "model_error" -> 500;
            case "resource_unavailable" -> 503;
            case "plugin_execution_timeout" -> 504;
            default -> 502;
        };
    }

    private static UpstreamFailure failure(int status, String code, String message, Optional<Duration> delay) {
        FailureClass cls;
        if (status == 429) cls = FailureClass.RATE_LIMITED;
        else if (status == 402) cls = FailureClass.QUOTA_EXHAUSTED;
        else if (status == 401 || status == 403) cls = FailureClass.INVALID_CREDENTIAL;
        else if (status == 408 || status == 504) cls = FailureClass.TIMEOUT;
        else if (status >= 500) cls = FailureClass.SERVER_ERROR;
        else cls = FailureClass.CLIENT_ERROR;
        ErrorKind kind = status == 402 ? ErrorKind.RATE_LIMITED : ErrorKind.fromHttpStatus(status);
        String text = "OnDemand: " + message + (code.isEmpty() || message.contains(code) ? "" : " (" + code + ")");
        return new UpstreamFailure(cls, kind, status, text, delay, List.of());
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
