package dev.switchboard.config;

import dev.switchboard.resilience.BreakerSettings;
import dev.switchboard.resilience.CooldownSettings;
import java.time.Duration;
import java.util.Set;

/** How every pool judges its credentials: cooldown sizing and the circuit breaker ({@code pool:} in YAML). */
public record PoolHealthConfig(CooldownSettings cooldowns, BreakerSettings breaker) {
    public static final PoolHealthConfig DEFAULTS = new PoolHealthConfig(CooldownSettings.defaults(), BreakerSettings.defaults());

    static PoolHealthConfig read(ConfigNode n) {
        n.allowOnly(Set.of("cooldown", "breaker"));
        return new PoolHealthConfig(cooldowns(n.get("cooldown")), breaker(n.get("breaker")));
    }

    private static CooldownSettings cooldowns(ConfigNode n) {
        n.allowOnly(Set.of("rate_limit", "rate_limit_max", "daily_max_wait", "daily_probe_every", "invalid_recheck"));
        CooldownSettings d = CooldownSettings.defaults();
        try {
            return new CooldownSettings(
                    n.get("rate_limit").duration(d.rateLimitBase()),
                    n.get("rate_limit_max").duration(d.rateLimitMax()),
                    d.hintMargin(),
                    d.dailyResetZone(),
                    n.get("daily_max_wait").duration(d.dailyMaxWait()),
                    n.get("daily_probe_every").duration(d.dailyProbeEvery()),
                    n.get("invalid_recheck").duration(d.invalidRecheck()));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static BreakerSettings breaker(ConfigNode n) {
        n.allowOnly(Set.of("consecutive_failures", "window", "minimum_calls", "failure_rate", "open_for", "max_open_for"));
        BreakerSettings d = BreakerSettings.defaults();
        double rate = n.get("failure_rate").doubleValue().orElse(d.failureRateThreshold());
        int window = n.get("window").intValue(d.windowSize(), 1, 64);
        Duration openFor = n.get("open_for").duration(d.openWait());
        try {
            return new BreakerSettings(
                    n.get("consecutive_failures").intValue(d.consecutiveFailures(), 1, 1000),
                    window,
                    n.get("minimum_calls").intValue(Math.min(d.minimumCalls(), window), 1, 64),
                    rate,
                    openFor,
                    n.get("max_open_for").duration(openFor.compareTo(d.maxOpenWait()) > 0 ? openFor : d.maxOpenWait()),
                    d.probeTimeout());
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }
}
