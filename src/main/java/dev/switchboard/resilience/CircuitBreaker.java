package dev.switchboard.resilience;

import java.time.Clock;
import java.time.Instant;

/**
 * A circuit breaker for one upstream target. Thread-safe without locks: the state is an immutable
 * {@link BreakerState} changed by compare-and-set with the pure {@link BreakerRules}.
 *
 * <p>Every admitted call must end in exactly one of {@link #onSuccess}, {@link #onFailure} or {@link #release}.
 */
public interface CircuitBreaker {

    String name();

    /**
     * Whether a call may go ahead now. Closed: always. Open: never, until the wait is over. Half-open: exactly one
     * caller gets {@code true} (the probe); everyone else gets {@code false} until it reports.
     */
    boolean tryAcquire();

    void onSuccess();

    void onFailure();

    /** The call ended with no verdict on the target (cancelled, or a failure that says nothing about it). */
    void release();

    BreakerState.Phase phase();

    /** Observes transitions, for logs and metrics. Called after the transition, on the thread that caused it. */
    @FunctionalInterface
    interface Listener {
        void onTransition(String name, BreakerState.Phase from, BreakerState.Phase to, Instant at);

        static Listener none() {
            return (name, from, to, at) -> {};
        }
    }

    static CircuitBreaker create(String name, BreakerSettings settings, Clock clock, Listener listener) {
        return new AtomicCircuitBreaker(name, BreakerRules.of(settings), clock, listener);
    }

    static CircuitBreaker create(String name, BreakerSettings settings, Clock clock) {
        return create(name, settings, clock, Listener.none());
    }
}
