package dev.switchboard.format;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How long an upstream asks to be left alone, read from the headers upstreams use for it. */
public final class RetryHints {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|h|m|s)");

    private RetryHints() {}

    /** HTTP's {@code Retry-After}: seconds, or a date (a date in the past means now). */
    public static Optional<Duration> retryAfter(String value, Clock clock) {
        Optional<Double> seconds = number(value);
        if (seconds.isPresent()) return Optional.of(Duration.ofMillis(Math.round(seconds.get() * 1000)));
        try {
            Duration d = Duration.between(clock.instant(),
                    ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A whole or fractional number of milliseconds ({@code retry-after-ms}). */
    public static Optional<Duration> millis(String value) {
        return number(value).map(d -> Duration.ofMillis(Math.round(d)));
    }

    /** Go's duration syntax, as OpenAI writes its rate-limit reset headers: {@code 1h2m3.5s}, {@code 6m0s}, {@code 20ms}. */
    public static Optional<Duration> goDuration(String value) {
        String s = value.strip();
        if (s.isEmpty()) return Optional.empty();
        Matcher m = DURATION_PART.matcher(s);
        double nanos = 0;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) return Optional.empty();
            nanos += Double.parseDouble(m.group(1)) * switch (m.group(2)) {
                case "h" -> 3_600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
            at = m.end();
        }
        return Optional.of(Duration.ofNanos(Math.round(nanos)));
    }

    private static Optional<Double> number(String v) {
        try {
            double d = Double.parseDouble(v.strip());
            return d >= 0 && Double.isFinite(d) ? Optional.of(d) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
