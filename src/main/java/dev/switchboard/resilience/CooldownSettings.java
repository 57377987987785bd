package dev.switchboard.resilience;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Sizes of cooldowns.
 *
 * @param rateLimitBase   first cooldown after a 429 with no retry hint; doubles on each further 429 in a row
 * @param rateLimitMax    the longest a rate-limit cooldown lasts, hinted or not
 * @param hintMargin      added to an upstream retry hint, so the retry lands after the window has turned
 * @param dailyResetZone  where the daily quota resets at midnight (Gemini API: Pacific time)
 * @param dailyMaxWait    a daily-quota cooldown never lasts longer than this, even if midnight is further away
 * @param dailyProbeEvery while a daily quota is spent, one request may try the credential this often
 * @param invalidRecheck  an invalid key is re-tried by one request this often
 */
public record CooldownSettings(
        Duration rateLimitBase,
        Duration rateLimitMax,
        Duration hintMargin,
        ZoneId dailyResetZone,
        Duration dailyMaxWait,
        Duration dailyProbeEvery,
        Duration invalidRecheck) {

    public static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

    public CooldownSettings {
        requirePositive("rateLimitBase", rateLimitBase);
        requirePositive("rateLimitMax", rateLimitMax);
        requirePositive("dailyMaxWait", dailyMaxWait);
        requirePositive("dailyProbeEvery", dailyProbeEvery);
        requirePositive("invalidRecheck", invalidRecheck);
        if (hintMargin.isNegative()) throw new IllegalArgumentException("hintMargin must not be negative");
        if (rateLimitBase.compareTo(rateLimitMax) > 0) {
            throw new IllegalArgumentException("rateLimitBase must not exceed rateLimitMax");
        }
    }

    /** 30 s doubling to 5 min for 429s; daily quotas until Pacific midnight, at most 6 h, probed every 30 min; invalid keys re-checked every 30 min. */
    public static CooldownSettings defaults() {
        return new CooldownSettings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(1), PACIFIC,
                Duration.ofHours(6), Duration.ofMinutes(30), Duration.ofMinutes(30));
    }

    private static void requirePositive(String name, Duration d) {
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be positive");
    }
}
