package dev.switchboard.credential;

import static dev.switchboard.credential.SelectionStrategyTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.MutableClock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:20Z");
    private final PoolStateStore store = PoolStateStore.inMemory();
    private final RateLimiter limiter = new RateLimiter(store, clock);

    @Test
    void requestsPastTheLimitWaitForTheNextMinute() {
        RateLimit two = new RateLimit(2, 0);

        assertThat(await(limiter.admit("k", two))).isEmpty();
        assertThat(await(limiter.admit("k", two))).isEmpty();
        assertThat(await(limiter.admit("k", two))).contains(Instant.parse("2026-11-22T10:01:00Z"));
        assertThat(await(limiter.admit("other", two))).isEmpty();

        clock.advanceSeconds(40);
        assertThat(await(limiter.admit("k", two))).isEmpty();
    }

    @Test
    void tokensAreCountedAfterTheAnswerAndCheckedBeforeTheNextRequest() {
        RateLimit tokens = new RateLimit(0, 100);

        assertThat(await(limiter.admit("k", tokens))).isEmpty();
        limiter.addTokens("k", tokens, 60);
        assertThat(await(limiter.admit("k", tokens))).isEmpty();
        limiter.addTokens("k", tokens, 60);
        assertThat(await(limiter.admit("k", tokens))).isPresent();
        assertThat(await(limiter.exhausted(Map.of("k", tokens, "fresh", tokens)))).containsOnlyKeys("k");

        clock.advanceSeconds(60);
        assertThat(await(limiter.admit("k", tokens))).isEmpty();
    }

    @Test
    void exhaustedCountsNothingAndTakeCountsOneRequest() {
        RateLimit one = new RateLimit(1, 0);

        assertThat(await(limiter.exhausted(Map.of("k", one)))).isEmpty();
        assertThat(await(limiter.take("k", one))).isTrue();
        assertThat(await(limiter.exhausted(Map.of("k", one)))).containsEntry("k", Instant.parse("2026-11-22T10:01:00Z"));
        assertThat(await(limiter.take("k", one))).isFalse();
        assertThat(await(limiter.take("k", RateLimit.NONE))).isTrue();
    }
}
