package dev.switchboard.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.credential.CredentialState.InvalidMark;
import dev.switchboard.credential.CredentialState.LastError;
import dev.switchboard.credential.CredentialState.ModelHold;
import dev.switchboard.model.FailureClass;
import dev.switchboard.resilience.BreakerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateMergeTest {
    static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    static final String FLASH = "gemini-2.5-flash";
    static final String PRO = "gemini-2.5-pro";

    static ModelHold hold(long seconds) {
        return new ModelHold(T.plusSeconds(seconds), Optional.empty(), T.plusSeconds(seconds), "rate limited");
    }

    @Test
    void cooldownsFromEitherSideAreKeptAndTheLaterOneWins() {
        CredentialState shared = CredentialState.initial().withHold(FLASH, hold(30)).withVersion(7);
        CredentialState local = CredentialState.initial().withHold(FLASH, hold(90)).withHold(PRO, hold(10)).withVersion(5);

        CredentialState merged = StateMerge.stricter(shared, local);

        assertThat(merged.hold(FLASH)).contains(hold(90));
        assertThat(merged.hold(PRO)).contains(hold(10));
        assertThat(merged.version()).isEqualTo(8);
    }

    @Test
    void anInvalidMarkOnEitherSideStays() {
        InvalidMark mark = new InvalidMark(T.plusSeconds(1800), Duration.ofMinutes(30), "API key not valid");
        CredentialState local = CredentialState.initial().withInvalid(Optional.of(mark)).withVersion(2);

        assertThat(StateMerge.stricter(CredentialState.initial(), local).invalid()).contains(mark);
        assertThat(StateMerge.stricter(local, CredentialState.initial()).invalid()).contains(mark);
    }

    @Test
    void anOpenCircuitBeatsAHalfOpenOneWhichBeatsAClosedOne() {
        BreakerState open = new BreakerState.Open(T.plusSeconds(30), Duration.ofSeconds(30));
        BreakerState longer = new BreakerState.Open(T.plusSeconds(60), Duration.ofSeconds(60));
        BreakerState probing = new BreakerState.HalfOpen(Duration.ofSeconds(30), Optional.of(T));
        BreakerState idle = new BreakerState.HalfOpen(Duration.ofSeconds(30), Optional.empty());
        BreakerState closed = new BreakerState.Closed(1, 1, 3);

        assertThat(StateMerge.breaker(closed, open)).isEqualTo(open);
        assertThat(StateMerge.breaker(open, closed)).isEqualTo(open);
        assertThat(StateMerge.breaker(open, longer)).isEqualTo(longer);
        assertThat(StateMerge.breaker(idle, probing)).isEqualTo(probing);
        assertThat(StateMerge.breaker(closed, idle)).isEqualTo(idle);
        assertThat(StateMerge.breaker(closed, BreakerState.closed())).isEqualTo(closed);
        assertThat(StateMerge.breaker(BreakerState.closed(), closed)).isEqualTo(closed);
    }

    @Test
    void countsTakeTheLargerAndTheLastErrorTheLater() {
        LastError early = new LastError(FailureClass.SERVER_ERROR, "500", T);
        LastError late = new LastError(FailureClass.RATE_LIMITED, "429", T.plusSeconds(5));
        CredentialState shared = CredentialState.initial().withOutcome(1, 10, 2, Optional.of(late));
        CredentialState local = CredentialState.initial().withOutcome(3, 4, 6, Optional.of(early));

        CredentialState merged = StateMerge.stricter(shared, local);

        assertThat(merged.rateLimitStrikes()).isEqualTo(3);
        assertThat(merged.successes()).isEqualTo(10);
        assertThat(merged.failures()).isEqualTo(6);
        assertThat(merged.lastError()).contains(late);
    }
}
