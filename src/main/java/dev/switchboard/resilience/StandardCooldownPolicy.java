package dev.switchboard.resilience;

import dev.switchboard.model.UpstreamFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

final class StandardCooldownPolicy implements CooldownPolicy {
    private final CooldownSettings settings;

    StandardCooldownPolicy(CooldownSettings settings) {
        this.settings = settings;
    }

    @Override
    public CooldownDecision decide(UpstreamFailure failure, Instant now, int consecutiveRateLimits) {
        return switch (failure.failureClass()) {
            case RATE_LIMITED -> rateLimited(failure, now, Math.max(1, consecutiveRateLimits));
            case QUOTA_EXHAUSTED -> {
                Instant reset = nextMidnight(now, settings.dailyResetZone());
                Instant cap = now.plus(settings.dailyMaxWait());
                yield new CooldownDecision.UntilDailyReset(reset.isBefore(cap) ? reset : cap, settings.dailyProbeEvery());
            }
            case INVALID_CREDENTIAL -> new CooldownDecision.Invalidate(settings.invalidRecheck());
            // Server trouble feeds the circuit breaker; a bad request says nothing about the credential.
            case SERVER_ERROR, TIMEOUT, CONNECTION, EMPTY_ANSWER, CLIENT_ERROR, NO_CREDENTIAL -> CooldownDecision.NONE;
        };
    }

    private CooldownDecision rateLimited(UpstreamFailure failure, Instant now, int strikes) {
        if (failure.retryDelay().isPresent()) {
            Duration hint = failure.retryDelay().get();
            Duration wait = min(hint.plus(settings.hintMargin()), settings.rateLimitMax());
            return new CooldownDecision.CoolDown(now.plus(wait), "rate limited; upstream asked to wait " + Durations.human(hint));
        }
        Duration wait = min(settings.rateLimitBase().multipliedBy(1L << Math.min(strikes - 1, 20)), settings.rateLimitMax());
        String inARow = strikes == 1 ? "" : " (" + strikes + " in a row)";
        return new CooldownDecision.CoolDown(now.plus(wait), "rate limited" + inARow + "; backing off " + Durations.human(wait));
    }

    /** The first midnight in {@code zone} strictly after {@code now}; DST-safe. */
    static Instant nextMidnight(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        return local.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
