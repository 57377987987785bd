package dev.switchboard.credential;

import dev.switchboard.credential.CredentialState.ModelHold;
import dev.switchboard.resilience.BreakerRules;
import dev.switchboard.resilience.BreakerState;
import java.time.Instant;
import java.util.Optional;

/** A credential's state as the status page names it. */
final class PoolStatus {
    private PoolStatus() {}

    static CredentialStatus of(Credential c, CredentialState s, int inFlight, BreakerRules rules, Instant now) {
        BreakerState breaker = rules.current(s.breaker(), now);
        Optional<Instant> coolingUntil = s.holds().values().stream()
                .filter(h -> h.active(now)).map(ModelHold::until).max(Instant::compareTo);
        String state;
        Optional<Instant> until = Optional.empty();
        if (c.disabled()) {
            state = "disabled";
        } else if (s.invalid().isPresent()) {
            state = "invalid";
            until = Optional.of(s.invalid().get().nextProbeAt());
        } else if (breaker instanceof BreakerState.Open o) {
            state = "open";
            until = Optional.of(o.until());
        } else if (breaker instanceof BreakerState.HalfOpen) {
            state = "half_open";
        } else if (coolingUntil.isPresent()) {
            state = "cooling";
            until = coolingUntil;
        } else {
            state = "healthy";
        }
        return new CredentialStatus(c.maskedId(), c.provider(), state, until,
                s.lastError().map(e -> e.failureClass() + ": " + e.message()),
                s.lastError().map(CredentialState.LastError::at),
                s.successes(), s.failures(), inFlight, c.proxy().map(Object::toString));
    }
}
