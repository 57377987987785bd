package dev.switchboard.credential;

import dev.switchboard.model.FailureClass;
import dev.switchboard.resilience.BreakerState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the pool remembers about one credential's health: an immutable value, so that a shared store can
 * keep it and change it with compare-and-set. Times are absolute; whether something has expired is judged by the
 * pool's clock.
 *
 * @param version          incremented by every change, so that the newest of two copies can be told apart
 * @param holds            cooldowns by upstream model name
 * @param invalid          present when the key itself was rejected (all models)
 * @param rateLimitStrikes 429s in a row, reset by a success
 */
public record CredentialState(
        long version,
        Map<String, ModelHold> holds,
        Optional<InvalidMark> invalid,
        BreakerState breaker,
        int rateLimitStrikes,
        long successes,
        long failures,
        Optional<LastError> lastError) {

    private static final CredentialState INITIAL = new CredentialState(0, Map.of(), Optional.empty(),
            BreakerState.closed(), 0, 0, 0, Optional.empty());

    public CredentialState {
        holds = Map.copyOf(holds);
    }

    public static CredentialState initial() {
        return INITIAL;
    }

    /**
     * A model this credential may not be used for until {@code until}. With {@code probeEvery} (a spent daily
     * quota) one request may still try it once {@code nextProbeAt} has come.
     */
    public record ModelHold(Instant until, Optional<Duration> probeEvery, Instant nextProbeAt, String reason) {
        public boolean active(Instant now) {
            return now.isBefore(until);
        }
    }

    /** The key was rejected; one request may re-check it once {@code nextProbeAt} has come. */
    public record InvalidMark(Instant nextProbeAt, Duration recheckEvery, String reason) {}

    /** The last failure, with a message already free of secrets. */
    public record LastError(FailureClass failureClass, String message, Instant at) {}

    public Optional<ModelHold> hold(String model) {
        return Optional.ofNullable(holds.get(model));
    }

    CredentialState withVersion(long v) {
        return new CredentialState(v, holds, invalid, breaker, rateLimitStrikes, successes, failures, lastError);
    }

    CredentialState withHold(String model, ModelHold hold) {
        Map<String, ModelHold> next = new HashMap<>(holds);
        next.put(model, hold);
        return withHolds(next);
    }

    CredentialState withoutHold(String model) {
        if (!holds.containsKey(model)) return this;
        Map<String, ModelHold> next = new HashMap<>(holds);
        next.remove(model);
        return withHolds(next);
    }

    CredentialState withHolds(Map<String, ModelHold> h) {
        return new CredentialState(version, h, invalid, breaker, rateLimitStrikes, successes, failures, lastError);
    }

    CredentialState withInvalid(Optional<InvalidMark> i) {
        return new CredentialState(version, holds, i, breaker, rateLimitStrikes, successes, failures, lastError);
    }

    CredentialState withBreaker(BreakerState b) {
        return new CredentialState(version, holds, invalid, b, rateLimitStrikes, successes, failures, lastError);
    }

    CredentialState withOutcome(int strikes, long successes, long failures, Optional<LastError> lastError) {
        return new CredentialState(version, holds, invalid, breaker, strikes, successes, failures, lastError);
    }
}
