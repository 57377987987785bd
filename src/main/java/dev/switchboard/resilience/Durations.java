package dev.switchboard.resilience;

import java.time.Duration;

/** Durations written for people: {@code 12s}, {@code 4m 30s}, {@code 5h 2m}. */
public final class Durations {
    private Durations() {}

    /** Rounds up to whole seconds, so "available again in 0s" never happens while something is still waiting. */
    public static String human(Duration d) {
        long s = Math.max(0, d.getSeconds() + (d.getNano() > 0 ? 1 : 0));
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
        long m = (s % 3600) / 60;
        return (s / 3600) + "h" + (m == 0 ? "" : " " + m + "m");
    }
}
