package dev.switchboard.resilience;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

final class AtomicCircuitBreaker implements CircuitBreaker {
    private final String name;
    private final BreakerRules rules;
    private final Clock clock;
    private final Listener listener;
    private final AtomicReference<BreakerState> state = new AtomicReference<>(BreakerState.closed());

    AtomicCircuitBreaker(String name, BreakerRules rules, Clock clock, Listener listener) {
        this.name = name;
        this.rules = rules;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean tryAcquire() {
        Instant now = clock.instant();
        while (true) {
            BreakerState before = state.get();
            BreakerRules.Admission admission = rules.admit(before, now);
            if (admission.next().equals(before) || state.compareAndSet(before, admission.next())) {
                notify(before, admission.next(), now);
                return admission.admitted();
            }
        }
    }

    @Override
    public void onSuccess() {
        update(rules::onSuccess);
    }

    @Override
    public void onFailure() {
        update(rules::onFailure);
    }

    @Override
    public void release() {
        update(rules::release);
    }

    @Override
    public BreakerState.Phase phase() {
        return rules.current(state.get(), clock.instant()).phase();
    }

    private void update(BiFunction<BreakerState, Instant, BreakerState> rule) {
        Instant now = clock.instant();
        while (true) {
            BreakerState before = state.get();
            BreakerState after = rule.apply(before, now);
            if (after.equals(before) || state.compareAndSet(before, after)) {
                notify(before, after, now);
                return;
            }
        }
    }

    private void notify(BreakerState before, BreakerState after, Instant now) {
        BreakerState.Phase from = before.phase();
        BreakerState.Phase to = after.phase();
        if (from != to) listener.onTransition(name, from, to, now);
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + " " + phase() + "]";
    }
}
