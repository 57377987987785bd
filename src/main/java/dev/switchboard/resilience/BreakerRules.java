package dev.switchboard.resilience;

import dev.switchboard.resilience.BreakerState.Closed;
import dev.switchboard.resilience.BreakerState.HalfOpen;
import dev.switchboard.resilience.BreakerState.Open;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The circuit breaker's transitions as pure functions of a state and the time. */
public final class BreakerRules {
    private final BreakerSettings settings;
    private final long windowMask;

    private BreakerRules(BreakerSettings settings) {
        this.settings = settings;
        this.windowMask = settings.windowSize() == 64 ? -1L : (1L << settings.windowSize()) - 1;
    }

    public static BreakerRules of(BreakerSettings settings) {
        return new BreakerRules(settings);
    }

    public BreakerSettings settings() {
        return settings;
    }

    /** Whether a call may pass, and the state after letting it (a half-open circuit records its one probe). */
    public record Admission(boolean admitted, boolean probe, BreakerState next) {}

    /** The state as of {@code now}: an open circuit whose wait is over is half-open with no probe yet. */
    public BreakerState current(BreakerState state, Instant now) {
        if (state instanceof Open(Instant until, Duration openFor) && !now.isBefore(until)) {
            return new HalfOpen(openFor, Optional.empty());
        }
        return state;
    }

    public Admission admit(BreakerState state, Instant now) {
        return switch (current(state, now)) {
            case Closed c -> new Admission(true, false, c);
            case Open o -> new Admission(false, false, o);
            case HalfOpen h when probeFree(h, now) -> new Admission(true, true, new HalfOpen(h.openFor(), Optional.of(now)));
            case HalfOpen h -> new Admission(false, false, h);
        };
    }

    public BreakerState onSuccess(BreakerState state, Instant now) {
        return switch (current(state, now)) {
            case Closed c -> record(c, false);
            case Open o -> o; // a late answer to a call let through before the circuit opened
            case HalfOpen h -> BreakerState.closed();
        };
    }

    public BreakerState onFailure(BreakerState state, Instant now) {
        return switch (current(state, now)) {
            case Closed c -> {
                Closed next = record(c, true);
                yield tripped(next) ? new Open(now.plus(settings.openWait()), settings.openWait()) : next;
            }
            case Open o -> o;
            case HalfOpen h -> {
                Duration doubled = h.openFor().multipliedBy(2);
                Duration openFor = doubled.compareTo(settings.maxOpenWait()) > 0 ? settings.maxOpenWait() : doubled;
                yield new Open(now.plus(openFor), openFor);
            }
        };
    }

    /** A probe ended with no verdict: the next caller may probe. */
    public BreakerState release(BreakerState state, Instant now) {
        return switch (current(state, now)) {
            case HalfOpen h -> new HalfOpen(h.openFor(), Optional.empty());
            case Closed c -> c;
            case Open o -> o;
        };
    }

    /** When a caller could next be let through, if not now. */
    public Optional<Instant> blockedUntil(BreakerState state, Instant now) {
        return switch (current(state, now)) {
            case Closed c -> Optional.empty();
            case Open o -> Optional.of(o.until());
            case HalfOpen h -> probeFree(h, now) ? Optional.empty()
                    : Optional.of(h.probeSince().orElseThrow().plus(settings.probeTimeout()));
        };
    }

    private boolean probeFree(HalfOpen h, Instant now) {
        return h.probeSince().map(since -> !now.isBefore(since.plus(settings.probeTimeout()))).orElse(true);
    }

    private Closed record(Closed c, boolean failed) {
        long bits = ((c.failureBits() << 1) | (failed ? 1L : 0L)) & windowMask;
        int calls = Math.min(c.calls() + 1, settings.windowSize());
        return new Closed(failed ? c.consecutiveFailures() + 1 : 0, bits, calls);
    }

    private boolean tripped(Closed c) {
        if (c.consecutiveFailures() >= settings.consecutiveFailures()) return true;
        return c.calls() >= settings.minimumCalls()
                && Long.bitCount(c.failureBits()) >= settings.failureRateThreshold() * c.calls();
    }
}
