package dev.switchboard.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MillisTest {
    @Test
    void writesMillisecondsWithThreeDecimalsRoundedHalfUp() {
        assertThat(RequestObservation.millis(0)).isEqualTo("0.000");
        assertThat(RequestObservation.millis(499)).isEqualTo("0.000");
        assertThat(RequestObservation.millis(500)).isEqualTo("0.001");
        assertThat(RequestObservation.millis(12_345)).isEqualTo("0.012");
        assertThat(RequestObservation.millis(1_234_567)).isEqualTo("1.235");
        assertThat(RequestObservation.millis(250_000_000_000L)).isEqualTo("250000.000");
        assertThat(RequestObservation.millis(-2_000_000)).isEqualTo("-2.000");
    }
}
