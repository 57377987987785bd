package dev.switchboard.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The state of one circuit, as an immutable value so that it can be kept in a shared store and changed with
 * compare-and-set. Transitions are the pure functions of {@link BreakerRules}.
 */
public sealed interface BreakerState {

    enum Phase { CLOSED, OPEN, HALF_OPEN }

    Phase phase();

    static BreakerState closed() {
        return Closed.INITIAL;
    }

    /**
     * Calls pass. {@code failureBits} holds the last {@code calls} outcomes, newest in bit 0, 1 for a failure.
     */
    record Closed(int consecutiveFailures, long failureBits, int calls) implements BreakerState {
        static final Closed INITIAL = new Closed(0, 0L, 0);

        @Override
        public Phase phase() { return Phase.CLOSED; }
    }

    /** Calls are refused until {@code until}; {@code openFor} is how long this opening lasts. */
    record Open(Instant until, Duration openFor) implements BreakerState {
        @Override
        public Phase phase() { return Phase.OPEN; }
    }

    /** One probe call may pass; {@code probeSince} is when the current probe was let through, if any. */
    record HalfOpen(Duration openFor, Optional<Instant> probeSince) implements BreakerState {
        @Override
        public Phase phase() { return Phase.HALF_OPEN; }
    }
}
