package dev.switchboard.credential;

import dev.switchboard.credential.CredentialState.InvalidMark;
import dev.switchboard.credential.CredentialState.LastError;
import dev.switchboard.credential.CredentialState.ModelHold;
import dev.switchboard.resilience.BreakerState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reconciles two copies of a credential's state that changed apart (a replica's own copy while the shared store
 * was unreachable, and the shared one): the stricter of each part wins, so a key that was rate limited, rejected or
 * tripped on either side stays out of rotation until that side would have let it back. Pure.
 */
final class StateMerge {
    private StateMerge() {}

    /** Both copies merged, numbered after both so that every replica takes it as the newest. */
    static CredentialState stricter(CredentialState shared, CredentialState local) {
        Map<String, ModelHold> holds = new HashMap<>(shared.holds());
        local.holds().forEach((model, h) -> holds.merge(model, h, (a, b) -> b.until().isAfter(a.until()) ? b : a));
        Optional<InvalidMark> invalid = later(shared.invalid(), local.invalid());
        Optional<LastError> lastError = shared.lastError().isEmpty() ? local.lastError()
                : local.lastError().filter(l -> l.at().isAfter(shared.lastError().get().at())).or(shared::lastError);
        return new CredentialState(Math.max(shared.version(), local.version()) + 1, holds, invalid,
                breaker(shared.breaker(), local.breaker()),
                Math.max(shared.rateLimitStrikes(), local.rateLimitStrikes()),
                Math.max(shared.successes(), local.successes()), Math.max(shared.failures(), local.failures()), lastError);
    }

    private static Optional<InvalidMark> later(Optional<InvalidMark> a, Optional<InvalidMark> b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        return b.get().nextProbeAt().isAfter(a.get().nextProbeAt()) ? b : a;
    }

    /** Open beats half-open beats closed; of two open circuits, the one open longer; on a tie, the shared one. */
    static BreakerState breaker(BreakerState shared, BreakerState local) {
        int s = rank(shared);
        int l = rank(local);
        if (l != s) return l > s ? local : shared;
        if (shared instanceof BreakerState.Open so && local instanceof BreakerState.Open lo) {
            return lo.until().isAfter(so.until()) ? local : shared;
        }
        if (shared instanceof BreakerState.Closed sc && local instanceof BreakerState.Closed lc) {
            return lc.consecutiveFailures() > sc.consecutiveFailures() ? local : shared;
        }
        return shared;
    }

    private static int rank(BreakerState b) {
        return switch (b) {
            case BreakerState.Closed c -> 0;
            case BreakerState.HalfOpen h -> h.probeSince().isPresent() ? 2 : 1;
            case BreakerState.Open o -> 3;
        };
    }
}
