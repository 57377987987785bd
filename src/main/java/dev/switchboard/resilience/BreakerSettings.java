package dev.switchboard.resilience;

import java.time.Duration;

/**
 * When a circuit opens and how long it stays open.
 *
 * @param consecutiveFailures  opens after this many failures in a row
 * @param windowSize           the sliding window: the last this many calls (at most 64)
 * @param minimumCalls         the failure rate is only judged once the window holds this many calls
 * @param failureRateThreshold opens when failures / calls in the window reach this (0..1]
 * @param openWait             the first time open; doubles each time a half-open probe fails
 * @param maxOpenWait          the longest time open
 * @param probeTimeout         a half-open probe that has not reported after this long is presumed lost, and
 *                             another caller may probe
 */
public record BreakerSettings(
        int consecutiveFailures,
        int windowSize,
        int minimumCalls,
        double failureRateThreshold,
        Duration openWait,
        Duration maxOpenWait,
        Duration probeTimeout) {

    public BreakerSettings {
        if (consecutiveFailures < 1) throw new IllegalArgumentException("consecutiveFailures must be at least 1");
        if (windowSize < 1 || windowSize > 64) throw new IllegalArgumentException("windowSize must be 1..64");
        if (minimumCalls < 1 || minimumCalls > windowSize) {
            throw new IllegalArgumentException("minimumCalls must be 1..windowSize");
        }
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 1)) {
            throw new IllegalArgumentException("failureRateThreshold must be in (0, 1]");
        }
        if (openWait.isZero() || openWait.isNegative()) throw new IllegalArgumentException("openWait must be positive");
        if (maxOpenWait.compareTo(openWait) < 0) throw new IllegalArgumentException("maxOpenWait must be at least openWait");
        if (probeTimeout.isZero() || probeTimeout.isNegative()) {
            throw new IllegalArgumentException("probeTimeout must be positive");
        }
    }

    /** 5 in a row, or half of the last 20 once 10 are in; open 30 s doubling to 10 min; a probe is lost after 2 min. */
    public static BreakerSettings defaults() {
        return new BreakerSettings(5, 20, 10, 0.5, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(2));
    }
}
