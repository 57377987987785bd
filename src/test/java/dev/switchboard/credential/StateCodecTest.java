package dev.switchboard.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.credential.CredentialState.InvalidMark;
import dev.switchboard.credential.CredentialState.LastError;
import dev.switchboard.credential.CredentialState.ModelHold;
import dev.switchboard.model.FailureClass;
import dev.switchboard.resilience.BreakerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateCodecTest {
    static final Instant T = Instant.parse("2026-11-22T10:00:00.123456789Z");

    @Test
    void everyPartOfAStateSurvivesTheRoundTripExactly() {
        CredentialState s = new CredentialState(42,
                Map.of("gemini-2.5-flash", new ModelHold(T.plusSeconds(30), Optional.empty(), T.plusSeconds(30), "rate limited"),
                        "gemini-2.5-pro", new ModelHold(T.plusSeconds(3600), Optional.of(Duration.ofMinutes(30)), T.plusSeconds(60), "daily quota exhausted")),
                Optional.of(new InvalidMark(T.plusSeconds(1800), Duration.ofMinutes(30), "API key not valid")),
                new BreakerState.Open(T.plusSeconds(30), Duration.ofSeconds(30)), 3, 17, 5,
                Optional.of(new LastError(FailureClass.RATE_LIMITED, "quota \"exceeded\" ✓", T)));

        assertThat(StateCodec.decodeState(StateCodec.encode(s))).isEqualTo(s);
    }

    @Test
    void breakerPhasesAndTheInitialStateRoundTrip() {
        for (BreakerState b : new BreakerState[] {BreakerState.closed(), new BreakerState.Closed(2, 0b1011L, 7),
                new BreakerState.HalfOpen(Duration.ofSeconds(60), Optional.empty()),
                new BreakerState.HalfOpen(Duration.ofSeconds(60), Optional.of(T))}) {
            CredentialState s = CredentialState.initial().withBreaker(b).withVersion(1);
            assertThat(StateCodec.decodeState(StateCodec.encode(s))).isEqualTo(s);
        }
        assertThat(StateCodec.decodeState(StateCodec.encode(CredentialState.initial()))).isEqualTo(CredentialState.initial());
    }

    @Test
    void theStoredTextIsReadableJson() {
        String text = StateCodec.encode(CredentialState.initial().withOutcome(0, 2, 1, Optional.empty()).withVersion(3));

        assertThat(text).startsWith("{\"version\":3,").contains("\"successes\":2").contains("\"phase\":\"CLOSED\"");
    }

    @Test
    void cursorsRoundTrip() {
        WindowCursor c = new WindowCursor("gemini:AIza…x7Qk", T, 12);

        assertThat(StateCodec.decodeCursor(StateCodec.encode(c))).isEqualTo(c);
        assertThat(StateCodec.decodeCursor(StateCodec.encode(WindowCursor.NONE))).isEqualTo(WindowCursor.NONE);
    }

    @Test
    void foreignTextIsRefused() {
        assertThatThrownBy(() -> StateCodec.decodeState("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StateCodec.decodeState("{\"holds\":{}}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> StateCodec.decodeCursor("[]")).isInstanceOf(IllegalArgumentException.class);
    }
}
