package dev.switchboard.config;

import java.time.Duration;

/** Durations as people write them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, or a bare number of seconds. */
public final class Durations {
    private Durations() {}

    public static Duration parse(String text) {
        String s = text.strip().toLowerCase();
        try {
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).strip()));
            char unit = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
            String num = Character.isLetter(unit) ? s.substring(0, s.length() - 1).strip() : s;
            double v = Double.parseDouble(num);
            if (v < 0) throw new NumberFormatException();
            double seconds = switch (unit) {
                case 's' -> v;
                case 'm' -> v * 60;
                case 'h' -> v * 3600;
                case 'd' -> v * 86400;
                default -> {
                    if (Character.isLetter(unit)) throw new NumberFormatException();
                    yield v;
                }
            };
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a duration like 500ms, 30s, 5m or 2h, got '" + text + "'");
        }
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0 && ms > 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
