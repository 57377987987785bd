package dev.switchboard.credential;

import dev.switchboard.credential.PoolStateStore.Updated;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.resilience.BreakerRules;
import dev.switchboard.resilience.BreakerState;
import dev.switchboard.resilience.CircuitBreaker;
import dev.switchboard.resilience.CooldownDecision;
import dev.switchboard.resilience.Durations;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per change of a credential's health, by masked id; messages reaching here are already redacted. */
final class PoolLog {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialPool.class);

    private final CredentialHealth health;
    private final CircuitBreaker.Listener breakerListener;
    private final CredentialPool.CooldownListener cooldownListener;

    PoolLog(CredentialHealth health, CircuitBreaker.Listener breakerListener,
            CredentialPool.CooldownListener cooldownListener) {
        this.health = health;
        this.breakerListener = breakerListener;
        this.cooldownListener = cooldownListener;
    }

    void probing(Credential c, String model) {
        LOG.info("Credential {} gets one probe request for model {}", c.maskedId(), model);
    }

    void succeeded(Credential c, String model, Updated u, Instant now) {
        breakerMoved(c, u, health.breaker(), now);
        if (u.before().invalid().isPresent() && u.after().invalid().isEmpty()) {
            LOG.info("Credential {} was accepted again; back in rotation", c.maskedId());
        }
        if (u.before().hold(model).filter(h -> h.active(now)).isPresent() && u.after().hold(model).isEmpty()) {
            LOG.info("Credential {} answered for model {} again; cooldown lifted", c.maskedId(), model);
        }
    }

    void failed(Credential c, String model, UpstreamFailure f, String message, Updated u, Instant now) {
        breakerMoved(c, u, health.breaker(), now);
        CooldownDecision decision = health.decision(u.before(), f, now);
        switch (decision) {
            case CooldownDecision.None n -> {}
            case CooldownDecision.CoolDown cd -> LOG.info("Credential {} cooling down for model {} for {} (until {}): {}",
                    c.maskedId(), model, Durations.human(Duration.between(now, cd.until())), cd.until(), cd.reason());
            case CooldownDecision.UntilDailyReset d -> LOG.warn(
                    "Credential {} spent its daily quota for model {}; resting until {} with a probe every {}: {}",
                    c.maskedId(), model, d.until(), Durations.human(d.probeEvery()),
                    f.quotaIds().isEmpty() ? message : String.join(", ", f.quotaIds()));
            case CooldownDecision.Invalidate i -> LOG.warn("Credential {} taken out of rotation, re-checked every {}: {}",
                    c.maskedId(), Durations.human(i.recheckAfter()), message);
        }
        coolingDown(c, model, decision, now);
        if (u.before().invalid().isPresent() && u.after().invalid().isEmpty()) {
            LOG.info("Credential {} was accepted again ({}); back in rotation", c.maskedId(), f.failureClass());
        }
    }

    private void coolingDown(Credential c, String model, CooldownDecision decision, Instant now) {
        switch (decision) {
            case CooldownDecision.None n -> {}
            case CooldownDecision.CoolDown cd -> cooldownListener.onCooldown(c.maskedId(), model, "cooldown", cd.until());
            case CooldownDecision.UntilDailyReset d -> cooldownListener.onCooldown(c.maskedId(), model, "daily_quota", d.until());
            case CooldownDecision.Invalidate i ->
                    cooldownListener.onCooldown(c.maskedId(), model, "invalid", now.plus(i.recheckAfter()));
        }
    }

    void breakerMoved(Credential c, Updated u, BreakerRules rules, Instant now) {
        BreakerState.Phase from = u.before().breaker().phase();
        BreakerState.Phase to = u.after().breaker().phase();
        if (from == to) return;
        if (u.after().breaker() instanceof BreakerState.Open o) {
            LOG.warn("Credential {} circuit {} -> OPEN for {}", c.maskedId(), from, Durations.human(o.openFor()));
        } else {
            LOG.info("Credential {} circuit {} -> {}", c.maskedId(), from, to);
        }
        breakerListener.onTransition(c.maskedId(), from, to, now);
    }

    void storeFailed(Credential c, Throwable e) {
        LOG.warn("Could not record the outcome for credential {}: {}", c.maskedId(), e.toString());
    }
}
