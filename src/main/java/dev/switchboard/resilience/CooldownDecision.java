package dev.switchboard.resilience;

import java.time.Duration;
import java.time.Instant;

/** What a failure means for the credential that produced it: a value the pool applies, decided by {@link CooldownPolicy}. */
public sealed interface CooldownDecision {

    CooldownDecision NONE = new None();

    /** The credential stays in rotation (server-side trouble goes to the circuit breaker instead). */
    record None() implements CooldownDecision {}

    /** Out of rotation for this model until {@code until}. */
    record CoolDown(Instant until, String reason) implements CooldownDecision {}

    /**
     * A daily quota is spent for this model: out of rotation until {@code until} (the daily reset, capped), except
     * that one request may probe it every {@code probeEvery}.
     */
    record UntilDailyReset(Instant until, Duration probeEvery) implements CooldownDecision {}

    /** The key itself is rejected: out of rotation for every model, one probe every {@code recheckAfter}. */
    record Invalidate(Duration recheckAfter) implements CooldownDecision {}
}
