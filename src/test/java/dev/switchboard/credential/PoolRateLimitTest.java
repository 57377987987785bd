package dev.switchboard.credential;

import static dev.switchboard.credential.SelectionStrategyTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.testing.MutableClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A credential at its rate limit is passed over like a cooling one, until the minute turns. */
class PoolRateLimitTest {
    static final String FLASH = "gemini-2.5-flash";

    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:45Z");
    private final Credential k1 = CredentialPoolTest.key("k1"), k2 = CredentialPoolTest.key("k2");

    private CredentialPool pool(Map<String, RateLimit> limits) {
        return CredentialPool.builder("gemini", List.of(k1, k2)).clock(clock).rateLimits(limits).build();
    }

    private static String use(CredentialPool pool) {
        Lease l = await(pool.acquire(FLASH, Set.of()));
        l.succeeded();
        return l.credential().id();
    }

    @Test
    void aCredentialAtItsRequestLimitIsSkippedUntilTheMinuteTurns() {
        CredentialPool pool = pool(Map.of("k1", new RateLimit(1, 0)));

        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) picks.add(use(pool));
        assertThat(picks).containsExactly("k1", "k2", "k2", "k2");

        clock.advanceSeconds(15);
        assertThat(use(pool)).isEqualTo("k1");
    }

    @Test
    void whenEveryCredentialIsAtItsLimitThe429SaysWhenTheMinuteTurns() {
        CredentialPool pool = pool(Map.of("k1", new RateLimit(1, 0), "k2", new RateLimit(1, 0)));
        use(pool);
        use(pool);

        Future<Lease> f = pool.acquire(FLASH, Set.of());

        assertThat(f.failed()).isTrue();
        UpstreamFailure u = (UpstreamFailure) f.cause();
        assertThat(u.failureClass()).isEqualTo(FailureClass.NO_CREDENTIAL);
        assertThat(u.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(u.retryDelay()).contains(Duration.ofSeconds(15));
        assertThat(u.getMessage()).contains("rate limit");
    }

    @Test
    void tokensReportedOnALeaseCountAgainstTheCredential() {
        CredentialPool pool = pool(Map.of("k1", new RateLimit(0, 100)));
        Lease l = await(pool.acquire(FLASH, Set.of("k2")));
        l.tokensUsed(150);
        l.succeeded();

        assertThat(use(pool)).isEqualTo("k2");
        assertThat(use(pool)).isEqualTo("k2");
        clock.advanceSeconds(15);
        assertThat(await(pool.acquire(FLASH, Set.of("k2"))).credential().id()).isEqualTo("k1");
    }
}
