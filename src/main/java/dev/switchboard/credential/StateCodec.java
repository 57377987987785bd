package dev.switchboard.credential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.credential.CredentialState.InvalidMark;
import dev.switchboard.credential.CredentialState.LastError;
import dev.switchboard.credential.CredentialState.ModelHold;
import dev.switchboard.format.Json;
import dev.switchboard.model.FailureClass;
import dev.switchboard.resilience.BreakerState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link CredentialState} and {@link WindowCursor} as JSON text for a shared store, field by field so that the
 * format is explicit and readable with {@code redis-cli}. Times are ISO-8601, exact to the nanosecond.
 */
final class StateCodec {

    private StateCodec() {}

    static String encode(CredentialState s) {
        ObjectNode o = Json.object();
        o.put("version", s.version());
        if (!s.holds().isEmpty()) {
            ObjectNode holds = o.putObject("holds");
            s.holds().forEach((model, h) -> {
                ObjectNode n = holds.putObject(model);
                n.put("until", h.until().toString());
                h.probeEvery().ifPresent(d -> n.put("probe_every", d.toString()));
                n.put("next_probe_at", h.nextProbeAt().toString());
                n.put("reason", h.reason());
            });
        }
        s.invalid().ifPresent(m -> o.putObject("invalid").put("next_probe_at", m.nextProbeAt().toString())
                .put("recheck_every", m.recheckEvery().toString()).put("reason", m.reason()));
        o.set("breaker", breaker(s.breaker()));
        o.put("rate_limit_strikes", s.rateLimitStrikes());
        o.put("successes", s.successes());
        o.put("failures", s.failures());
        s.lastError().ifPresent(e -> o.putObject("last_error").put("class", e.failureClass().name())
                .put("message", e.message()).put("at", e.at().toString()));
        return write(o);
    }

    /** The state in {@code text}; {@link IllegalArgumentException} if it is not one this codec wrote. */
    static CredentialState decodeState(String text) {
        try {
            JsonNode o = Json.readTree(text);
            Map<String, ModelHold> holds = new HashMap<>();
            for (Map.Entry<String, JsonNode> e : o.path("holds").properties()) {
                JsonNode h = e.getValue();
                holds.put(e.getKey(), new ModelHold(instant(h, "until"), optionalDuration(h, "probe_every"),
                        instant(h, "next_probe_at"), h.path("reason").asText()));
            }
            JsonNode inv = o.path("invalid");
            Optional<InvalidMark> invalid = inv.isObject()
                    ? Optional.of(new InvalidMark(instant(inv, "next_probe_at"), duration(inv, "recheck_every"), inv.path("reason").asText()))
                    : Optional.empty();
            JsonNode err = o.path("last_error");
            Optional<LastError> lastError = err.isObject()
                    ? Optional.of(new LastError(FailureClass.valueOf(err.path("class").asText()), err.path("message").asText(),
                            instant(err, "at")))
                    : Optional.empty();
            return new CredentialState(required(o, "version").asLong(), holds, invalid, breaker(o.path("breaker")),
                    o.path("rate_limit_strikes").asInt(), o.path("successes").asLong(), o.path("failures").asLong(), lastError);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a stored credential state: " + e.getMessage(), e);
        }
    }

    static String encode(WindowCursor c) {
        return write(Json.object().put("credential", c.credentialId()).put("started_at", c.startedAt().toString())
                .put("count", c.count()));
    }

    static WindowCursor decodeCursor(String text) {
        try {
            JsonNode o = Json.readTree(text);
            return new WindowCursor(required(o, "credential").asText(), instant(o, "started_at"), o.path("count").asInt());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a stored window cursor: " + e.getMessage(), e);
        }
    }

    private static ObjectNode breaker(BreakerState b) {
        ObjectNode n = Json.object();
        n.put("phase", b.phase().name());
        switch (b) {
            case BreakerState.Closed c -> n.put("consecutive_failures", c.consecutiveFailures())
                    .put("failure_bits", c.failureBits()).put("calls", c.calls());
            case BreakerState.Open o -> n.put("until", o.until().toString()).put("open_for", o.openFor().toString());
            case BreakerState.HalfOpen h -> {
                n.put("open_for", h.openFor().toString());
                h.probeSince().ifPresent(t -> n.put("probe_since", t.toString()));
            }
        }
        return n;
    }

    private static BreakerState breaker(JsonNode n) {
        return switch (BreakerState.Phase.valueOf(n.path("phase").asText("CLOSED"))) {
            case CLOSED -> new BreakerState.Closed(n.path("consecutive_failures").asInt(), n.path("failure_bits").asLong(),
                    n.path("calls").asInt());
            case OPEN -> new BreakerState.Open(instant(n, "until"), duration(n, "open_for"));
            case HALF_OPEN -> new BreakerState.HalfOpen(duration(n, "open_for"),
                    n.hasNonNull("probe_since") ? Optional.of(instant(n, "probe_since")) : Optional.empty());
        };
    }

    private static JsonNode required(JsonNode o, String field) {
        JsonNode v = o.path(field);
        if (v.isMissingNode() || v.isNull()) throw new IllegalArgumentException("missing " + field);
        return v;
    }

    private static Instant instant(JsonNode o, String field) {
        return Instant.parse(required(o, field).asText());
    }

    private static Duration duration(JsonNode o, String field) {
        return Duration.parse(required(o, field).asText());
    }

    private static Optional<Duration> optionalDuration(JsonNode o, String field) {
        return o.hasNonNull(field) ? Optional.of(duration(o, field)) : Optional.empty();
    }

    private static String write(ObjectNode o) {
        return Json.compact(o);
    }
}
