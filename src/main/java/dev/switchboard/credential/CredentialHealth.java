package dev.switchboard.credential;

import dev.switchboard.credential.CredentialState.InvalidMark;
import dev.switchboard.credential.CredentialState.LastError;
import dev.switchboard.credential.CredentialState.ModelHold;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.resilience.BreakerRules;
import dev.switchboard.resilience.BreakerState;
import dev.switchboard.resilience.CooldownDecision;
import dev.switchboard.resilience.CooldownPolicy;
import java.time.Instant;
import java.util.Optional;

/** The pool's rules as pure functions of a {@link CredentialState}, an upstream model and the time. */
final class CredentialHealth {
    private final CooldownPolicy cooldowns;
    private final BreakerRules breaker;

    CredentialHealth(CooldownPolicy cooldowns, BreakerRules breaker) {
        this.cooldowns = cooldowns;
        this.breaker = breaker;
    }

    /** Whether a credential may take a request for a model now. */
    sealed interface Check {
        /** Yes, without writing anything. */
        record Ready() implements Check {}

        /** Yes, as the one probe of an invalid key, a spent daily quota or a half-open circuit: must be claimed. */
        record Probe() implements Check {}

        /** No; not before {@code until}. */
        record Blocked(Instant until) implements Check {}
    }

    Check check(CredentialState s, String model, Instant now) {
        Optional<Instant> blocked = Optional.empty();
        boolean probe = false;
        if (s.invalid().isPresent()) {
            Instant next = s.invalid().get().nextProbeAt();
            if (now.isBefore(next)) blocked = later(blocked, next);
            else probe = true;
        }
        Optional<ModelHold> hold = s.hold(model).filter(h -> h.active(now));
        if (hold.isPresent()) {
            ModelHold h = hold.get();
            if (h.probeEvery().isPresent() && !now.isBefore(h.nextProbeAt())) probe = true;
            else blocked = later(blocked, h.probeEvery().isPresent() && h.nextProbeAt().isBefore(h.until())
                    ? h.nextProbeAt() : h.until());
        }
        Optional<Instant> circuit = breaker.blockedUntil(s.breaker(), now);
        if (circuit.isPresent()) blocked = later(blocked, circuit.get());
        else if (breaker.current(s.breaker(), now) instanceof BreakerState.HalfOpen) probe = true;

        if (blocked.isPresent()) return new Check.Blocked(blocked.get());
        return probe ? new Check.Probe() : new Check.Ready();
    }

    /** Takes the probe slots a {@link Check.Probe} needs; any other state is returned unchanged. */
    CredentialState claim(CredentialState s, String model, Instant now) {
        if (!(check(s, model, now) instanceof Check.Probe)) return s;
        CredentialState next = s;
        if (s.invalid().isPresent()) {
            InvalidMark m = s.invalid().get();
            next = next.withInvalid(Optional.of(new InvalidMark(now.plus(m.recheckEvery()), m.recheckEvery(), m.reason())));
        }
        Optional<ModelHold> hold = s.hold(model).filter(h -> h.active(now) && h.probeEvery().isPresent());
        if (hold.isPresent()) {
            ModelHold h = hold.get();
            next = next.withHold(model, new ModelHold(h.until(), h.probeEvery(), now.plus(h.probeEvery().get()), h.reason()));
        }
        return next.withBreaker(breaker.admit(s.breaker(), now).next());
    }

    /** The answer came: the credential is fine for this model, and valid. */
    CredentialState succeeded(CredentialState s, String model, boolean probe, Instant now) {
        return s.withoutHold(model)
                .withInvalid(Optional.empty())
                .withBreaker(breakerVerdict(s, probe, now, true))
                .withOutcome(0, s.successes() + 1, s.failures(), s.lastError());
    }

    CredentialState failed(CredentialState s, String model, UpstreamFailure f, String message, boolean probe, Instant now) {
        FailureClass fc = f.failureClass();
        CredentialState next = provesKeyAccepted(fc) ? s.withInvalid(Optional.empty()) : s;
        next = switch (decision(s, f, now)) {
            case CooldownDecision.None n -> next;
            case CooldownDecision.CoolDown c -> next.withHold(model, new ModelHold(c.until(), Optional.empty(), c.until(), c.reason()));
            case CooldownDecision.UntilDailyReset d -> next.withHold(model,
                    new ModelHold(d.until(), Optional.of(d.probeEvery()), now.plus(d.probeEvery()), "daily quota exhausted"));
            case CooldownDecision.Invalidate i ->
                    next.withInvalid(Optional.of(new InvalidMark(now.plus(i.recheckAfter()), i.recheckAfter(), message)));
        };
        if (countsForBreaker(fc)) next = next.withBreaker(breakerVerdict(s, probe, now, false));
        else if (probe) next = next.withBreaker(breaker.release(s.breaker(), now));
        if (fc == FailureClass.CLIENT_ERROR) return next; // the request was wrong, not the credential
        int strikes = fc == FailureClass.RATE_LIMITED ? s.rateLimitStrikes() + 1 : s.rateLimitStrikes();
        return next.withOutcome(strikes, s.successes(), s.failures() + 1, Optional.of(new LastError(fc, message, now)));
    }

    /** No verdict: only a claimed probe needs undoing, so that the next request may probe at once. */
    CredentialState abandoned(CredentialState s, String model, boolean probe, Instant now) {
        if (!probe) return s;
        CredentialState next = s.withBreaker(breaker.release(s.breaker(), now));
        if (s.invalid().isPresent()) {
            InvalidMark m = s.invalid().get();
            next = next.withInvalid(Optional.of(new InvalidMark(now, m.recheckEvery(), m.reason())));
        }
        Optional<ModelHold> hold = s.hold(model).filter(h -> h.probeEvery().isPresent());
        if (hold.isPresent()) {
            ModelHold h = hold.get();
            next = next.withHold(model, new ModelHold(h.until(), h.probeEvery(), now, h.reason()));
        }
        return next;
    }

    /** What {@link #failed} decides for a failure against state {@code s}: pure, so callers can recompute it for logs. */
    CooldownDecision decision(CredentialState s, UpstreamFailure f, Instant now) {
        int strikes = f.failureClass() == FailureClass.RATE_LIMITED ? s.rateLimitStrikes() + 1 : 1;
        return cooldowns.decide(f, now, strikes);
    }

    BreakerRules breaker() {
        return breaker;
    }

    /**
     * A half-open circuit takes its verdict from the probe only: a straggler let through before the circuit opened
     * says little about the upstream now.
     */
    private BreakerState breakerVerdict(CredentialState s, boolean probe, Instant now, boolean success) {
        if (breaker.current(s.breaker(), now) instanceof BreakerState.HalfOpen && !probe) return s.breaker();
        return success ? breaker.onSuccess(s.breaker(), now) : breaker.onFailure(s.breaker(), now);
    }

    /** Failures that could only have happened after the upstream accepted the key. */
    private static boolean provesKeyAccepted(FailureClass fc) {
        return switch (fc) {
            case RATE_LIMITED, QUOTA_EXHAUSTED, CLIENT_ERROR, EMPTY_ANSWER -> true;
            case INVALID_CREDENTIAL, SERVER_ERROR, TIMEOUT, CONNECTION, NO_CREDENTIAL -> false;
        };
    }

    /** Failures that say the upstream (or the way to it) is unwell: the breaker's business. */
    static boolean countsForBreaker(FailureClass fc) {
        return switch (fc) {
            case SERVER_ERROR, TIMEOUT, CONNECTION, EMPTY_ANSWER -> true;
            case RATE_LIMITED, QUOTA_EXHAUSTED, INVALID_CREDENTIAL, CLIENT_ERROR, NO_CREDENTIAL -> false;
        };
    }

    private static Optional<Instant> later(Optional<Instant> a, Instant b) {
        return Optional.of(a.filter(x -> x.isAfter(b)).orElse(b));
    }
}
