package dev.switchboard.format.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Google API error response (Gemini API, Vertex AI) into an {@link UpstreamFailure}. Pure: the clock is
 * only read to turn an HTTP-date {@code Retry-After} into a delay.
 *
 * <p>Reads {@code error.message}, {@code google.rpc.RetryInfo.retryDelay}, {@code google.rpc.QuotaFailure}
 * quota ids and the {@code google.rpc.ErrorInfo} reason. A 429 naming a per-day quota is {@code QUOTA_EXHAUSTED};
 * other 429s are {@code RATE_LIMITED}. The message is stripped of {@code key=} query values and API-key-shaped
 * strings; the caller still redacts the pool's own secrets.
 */
public final class GeminiErrors {
    private static final Set<String> KEY_REASONS = Set.of("API_KEY_INVALID", "API_KEY_EXPIRED");
    private static final List<String> KEY_MESSAGES = List.of("api key not valid", "api key expired", "api key not found");
    private static final Pattern PROTO_DURATION = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)(ms|s)\\s*$");
    private static final Pattern RETRY_IN_MESSAGE = Pattern.compile("(?i)retry in (\\d+(?:\\.\\d+)?)(ms|s)\\b");
    private static final Pattern KEY_PARAM = Pattern.compile("(?i)([?&](?:key|api_key)=)[^&\\s\"'<>]+");
    private static final Pattern GOOGLE_KEY = Pattern.compile("AIza[0-9A-Za-z_\\-]{35}");
    private static final Pattern HTML_TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final int MAX_TEXT = 200;

    private GeminiErrors() {}

    public static UpstreamFailure parse(int status, Buffer body, Optional<String> retryAfterHeader, Clock clock) {
        return parse(status, body.getBytes(), retryAfterHeader, clock);
    }

    public static UpstreamFailure parse(int status, byte[] body, Optional<String> retryAfterHeader, Clock clock) {
        Optional<JsonNode> error = errorObject(body);
        String message = stripKeys(error.map(e -> jsonMessage(e, status)).orElseGet(() -> textMessage(status, body)));
        List<JsonNode> details = error.map(GeminiErrors::details).orElse(List.of());
        List<String> quotaIds = quotaIds(details);
        Optional<Duration> delay = retryInfo(details)
                .or(() -> retryAfterHeader.flatMap(h -> retryAfter(h, clock)))
                .or(() -> retryInMessage(message));
        FailureClass failureClass = classify(status, quotaIds, reasons(details), message);
        ErrorKind kind = status >= 400 && status < 600 ? ErrorKind.fromHttpStatus(status) : ErrorKind.UPSTREAM;
        return new UpstreamFailure(failureClass, kind, status, message, delay, quotaIds);
    }

    static FailureClass classify(int status, List<String> quotaIds, List<String> reasons, String message) {
        if (status == 429) {
            return quotaIds.stream().anyMatch(GeminiErrors::isDaily) ? FailureClass.QUOTA_EXHAUSTED : FailureClass.RATE_LIMITED;
        }
        if (status == 401 || status == 403) return FailureClass.INVALID_CREDENTIAL;
        if (status == 400 && (reasons.stream().anyMatch(KEY_REASONS::contains) || mentionsBadKey(message))) {
            return FailureClass.INVALID_CREDENTIAL;
        }
        if (status >= 400 && status < 500) return FailureClass.CLIENT_ERROR;
        return FailureClass.SERVER_ERROR; // 5xx, or an error without an error status
    }

    /** Google's own CLI treats both spellings as a daily (terminal until reset) quota. */
    private static boolean isDaily(String quotaId) {
        return quotaId.contains("PerDay") || quotaId.contains("Daily");
    }

    private static boolean mentionsBadKey(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return KEY_MESSAGES.stream().anyMatch(m::contains);
    }

    /** The {@code error} object; streaming endpoints wrap it in a one-element array. */
    private static Optional<JsonNode> errorObject(byte[] body) {
        JsonNode root;
        try {
            root = Json.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null) return Optional.empty();
        if (root.isArray() && !root.isEmpty()) root = root.get(0);
        if (!root.isObject()) return Optional.empty();
        JsonNode error = root.get("error");
        if (error != null && (error.isObject() || error.isTextual())) return Optional.of(error);
        return root.has("message") ? Optional.of(root) : Optional.empty();
    }

    private static String jsonMessage(JsonNode error, int status) {
        if (error.isTextual() && !error.asText().isBlank()) return error.asText().strip();
        String message = error.path("message").asText("").strip();
        if (!message.isEmpty()) return message;
        String googleStatus = error.path("status").asText("").strip();
        return googleStatus.isEmpty() ? "Upstream returned HTTP " + status : googleStatus;
    }

    /** A body that is not a Google error: an HTML page from a proxy or load balancer, or plain text. */
    private static String textMessage(int status, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) return "Upstream returned HTTP " + status + " with an empty body";
        Matcher title = HTML_TITLE.matcher(text);
        String summary = title.find() ? title.group(1) : TAG.matcher(text).replaceAll(" ");
        summary = summary.replaceAll("\\s+", " ").strip();
        if (summary.length() > MAX_TEXT) summary = summary.substring(0, MAX_TEXT) + "…";
        return "Upstream returned HTTP " + status + (summary.isEmpty() ? "" : ": " + summary);
    }

    private static List<JsonNode> details(JsonNode error) {
        List<JsonNode> out = new ArrayList<>();
        error.path("details").forEach(d -> { if (d.isObject()) out.add(d); });
        return out;
    }

    private static boolean isType(JsonNode detail, String rpcType) {
        return detail.path("@type").asText("").endsWith("google.rpc." + rpcType);
    }

    /** QuotaFailure violation ids, and ErrorInfo {@code quota_limit} metadata (older and Vertex-style bodies). */
    private static List<String> quotaIds(List<JsonNode> details) {
        List<String> ids = new ArrayList<>();
        for (JsonNode d : details) {
            if (isType(d, "QuotaFailure")) d.path("violations").forEach(v -> add(ids, v.path("quotaId").asText("")));
            if (isType(d, "ErrorInfo")) add(ids, d.path("metadata").path("quota_limit").asText(""));
        }
        return List.copyOf(ids);
    }

    private static void add(List<String> ids, String id) {
        String s = id.strip();
        if (!s.isEmpty() && !ids.contains(s)) ids.add(s);
    }

    private static List<String> reasons(List<JsonNode> details) {
        return details.stream().filter(d -> isType(d, "ErrorInfo"))
                .map(d -> d.path("reason").asText("")).filter(r -> !r.isBlank()).toList();
    }

    private static Optional<Duration> retryInfo(List<JsonNode> details) {
        for (JsonNode d : details) {
            if (!isType(d, "RetryInfo")) continue;
            JsonNode delay = d.path("retryDelay");
            if (delay.isTextual()) return protoDuration(delay.asText());
            if (delay.isObject()) { // {"seconds": 37, "nanos": 0} from transcoders that skip the JSON mapping
                return Optional.of(Duration.ofSeconds(delay.path("seconds").asLong(0), delay.path("nanos").asLong(0)));
            }
        }
        return Optional.empty();
    }

    /** {@code "37s"}, {@code "0.5s"}, {@code "45.837906927s"}, {@code "900ms"}. */
    static Optional<Duration> protoDuration(String text) {
        Matcher m = PROTO_DURATION.matcher(text);
        return m.matches() ? Optional.of(toDuration(m.group(1), m.group(2))) : Optional.empty();
    }

    /** {@code Retry-After}: delay-seconds or an HTTP-date (a date in the past means now). */
    static Optional<Duration> retryAfter(String header, Clock clock) {
        String h = header.strip();
        if (h.matches("\\d+(\\.\\d+)?")) return Optional.of(toDuration(h, "s"));
        try {
            Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Bodies without RetryInfo sometimes still say "Please retry in 38.9s." */
    private static Optional<Duration> retryInMessage(String message) {
        Matcher m = RETRY_IN_MESSAGE.matcher(message);
        return m.find() ? Optional.of(toDuration(m.group(1), m.group(2))) : Optional.empty();
    }

    private static Duration toDuration(String number, String unit) {
        BigDecimal nanos = new BigDecimal(number).movePointRight(unit.equals("ms") ? 6 : 9);
        return Duration.ofNanos(nanos.longValue());
    }

    static String stripKeys(String message) {
        String m = KEY_PARAM.matcher(message).replaceAll("$1***");
        return GOOGLE_KEY.matcher(m).replaceAll("AIza***");
    }
}
