package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.format.gemini.GeminiErrors;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CooldownPolicyTest {
    private final CooldownPolicy policy = CooldownPolicy.standard();

    private static byte[] fixture(String name) {
        try (InputStream in = CooldownPolicyTest.class.getResourceAsStream("/fixtures/gemini/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UpstreamFailure recorded(int status, String fixture, Instant now) {
        return GeminiErrors.parse(status, fixture(fixture), Optional.empty(), MutableClock.at(now.toString()));
    }

    private static UpstreamFailure rateLimited(Optional<Duration> hint) {
        return new UpstreamFailure(FailureClass.RATE_LIMITED, ErrorKind.RATE_LIMITED, 429, "slow down", hint, List.of());
    }

    @Test
    void perMinuteBodyCoolsForItsRetryInfoPlusAMargin() {
        Instant now = Instant.parse("2025-06-26T20:30:00Z");

        CooldownDecision d = policy.decide(recorded(429, "429-per-minute.json", now), now);

        assertThat(d).isInstanceOf(CooldownDecision.CoolDown.class);
        Duration wait = Duration.between(now, ((CooldownDecision.CoolDown) d).until());
        assertThat(wait).isBetween(Duration.ofSeconds(37), Duration.ofSeconds(40));
        assertThat(((CooldownDecision.CoolDown) d).reason()).contains("37s");
    }

    @Test
    void perDayBodyRestsUntilPacificMidnight() {
        // 05:00 UTC on 26 June is 22:00 PDT on the 25th: midnight Pacific is 07:00 UTC, two hours away.
        Instant now = Instant.parse("2025-06-26T05:00:00Z");

        CooldownDecision d = policy.decide(recorded(429, "429-per-day.json", now), now);

        assertThat(d).isEqualTo(new CooldownDecision.UntilDailyReset(Instant.parse("2025-06-26T07:00:00Z"),
                Duration.ofMinutes(30)));
    }

    @Test
    void perDayIsCappedWhenMidnightIsFarAway() {
        // 08:00 UTC is 01:00 PDT: the reset is 23 hours away, the cap is 6.
        Instant now = Instant.parse("2025-06-26T08:00:00Z");

        CooldownDecision d = policy.decide(recorded(429, "429-per-day.json", now), now);

        assertThat(d).isEqualTo(new CooldownDecision.UntilDailyReset(now.plus(Duration.ofHours(6)), Duration.ofMinutes(30)));
    }

    @Test
    void dailyResetFollowsPacificDaylightSavingTime() {
        assertThat(StandardCooldownPolicy.nextMidnight(Instant.parse("2025-01-15T20:00:00Z"), CooldownSettings.PACIFIC))
                .isEqualTo(Instant.parse("2025-01-16T08:00:00Z")); // PST, UTC-8
        assertThat(StandardCooldownPolicy.nextMidnight(Instant.parse("2025-03-08T20:00:00Z"), CooldownSettings.PACIFIC))
                .isEqualTo(Instant.parse("2025-03-09T08:00:00Z")); // the night DST starts, midnight is still PST
        assertThat(StandardCooldownPolicy.nextMidnight(Instant.parse("2025-03-09T20:00:00Z"), CooldownSettings.PACIFIC))
                .isEqualTo(Instant.parse("2025-03-10T07:00:00Z")); // PDT, UTC-7
    }

    @Test
    void retryAfterSecondsHeaderSizesTheCooldown() {
        Instant now = Instant.parse("2025-06-26T20:30:00Z");
        UpstreamFailure f = GeminiErrors.parse(429,
                "{\"error\":{\"code\":429,\"message\":\"Resource exhausted. Please try again later.\",\"status\":\"RESOURCE_EXHAUSTED\"}}"
                        .getBytes(StandardCharsets.UTF_8), Optional.of("12"), MutableClock.at(now.toString()));

        CooldownDecision d = policy.decide(f, now);

        assertThat(d).isInstanceOf(CooldownDecision.CoolDown.class);
        assertThat(((CooldownDecision.CoolDown) d).until()).isEqualTo(now.plusSeconds(13));
    }

    @Test
    void retryAfterHttpDateSizesTheCooldown() {
        Instant now = Instant.parse("2025-06-26T20:30:00Z");
        UpstreamFailure f = GeminiErrors.parse(429, new byte[0], Optional.of("Thu, 26 Jun 2025 20:31:30 GMT"),
                MutableClock.at(now.toString()));

        CooldownDecision d = policy.decide(f, now);

        assertThat(((CooldownDecision.CoolDown) d).until()).isEqualTo(now.plusSeconds(91));
    }

    @Test
    void withoutAHintTheCooldownDoublesPerStrikeUpToTheCap() {
        Instant now = Instant.parse("2025-06-26T20:30:00Z");
        List<Long> seconds = new java.util.ArrayList<>();
        for (int strike = 1; strike <= 7; strike++) {
            var d = (CooldownDecision.CoolDown) policy.decide(rateLimited(Optional.empty()), now, strike);
            seconds.add(Duration.between(now, d.until()).toSeconds());
        }

        assertThat(seconds).containsExactly(30L, 60L, 120L, 240L, 300L, 300L, 300L);
    }

    @Test
    void aHintIsNeverStretchedPastTheCap() {
        Instant now = Instant.parse("2025-06-26T20:30:00Z");

        var d = (CooldownDecision.CoolDown) policy.decide(rateLimited(Optional.of(Duration.ofHours(1))), now, 1);

        assertThat(d.until()).isEqualTo(now.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aHintIgnoresTheStrikeCount() {
        Instant now = Instant.parse("2025-06-26T20:30:00Z");

        var d = (CooldownDecision.CoolDown) policy.decide(rateLimited(Optional.of(Duration.ofSeconds(5))), now, 6);

        assertThat(d.until()).isEqualTo(now.plusSeconds(6));
    }

    @Test
    void invalidKeyIsInvalidatedWithARecheck() {
        Instant now = Instant.parse("2025-06-26T20:30:00Z");

        assertThat(policy.decide(recorded(400, "400-api-key-invalid.json", now), now))
                .isEqualTo(new CooldownDecision.Invalidate(Duration.ofMinutes(30)));
        assertThat(policy.decide(recorded(403, "403-permission-denied.json", now), now))
                .isEqualTo(new CooldownDecision.Invalidate(Duration.ofMinutes(30)));
    }

    @Test
    void serverTroubleAndClientErrorsDoNotCoolDown() {
        Instant now = Instant.parse("2025-06-26T20:30:00Z");
        for (FailureClass fc : List.of(FailureClass.SERVER_ERROR, FailureClass.TIMEOUT, FailureClass.CONNECTION,
                FailureClass.EMPTY_ANSWER, FailureClass.CLIENT_ERROR)) {
            UpstreamFailure f = UpstreamFailure.of(fc, ErrorKind.UPSTREAM, "x");
            assertThat(policy.decide(f, now)).as(fc.name()).isEqualTo(CooldownDecision.NONE);
        }
    }

    @Test
    void settingsAreConfigurable() {
        Instant now = Instant.parse("2025-06-26T08:00:00Z");
        var settings = new CooldownSettings(Duration.ofSeconds(10), Duration.ofSeconds(40), Duration.ZERO,
                CooldownSettings.PACIFIC, Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofMinutes(10));
        CooldownPolicy custom = CooldownPolicy.standard(settings);

        assertThat(((CooldownDecision.CoolDown) custom.decide(rateLimited(Optional.empty()), now, 3)).until())
                .isEqualTo(now.plusSeconds(40));
        assertThat(custom.decide(recorded(429, "429-per-day.json", now), now)).isEqualTo(
                new CooldownDecision.UntilDailyReset(Instant.parse("2025-06-27T07:00:00Z"), Duration.ofMinutes(5)));
    }

    @Test
    void humanDurations() {
        assertThat(Durations.human(Duration.ofSeconds(12))).isEqualTo("12s");
        assertThat(Durations.human(Duration.ofMillis(11_200))).isEqualTo("12s");
        assertThat(Durations.human(Duration.ofSeconds(270))).isEqualTo("4m 30s");
        assertThat(Durations.human(Duration.ofMinutes(302))).isEqualTo("5h 2m");
    }
}
