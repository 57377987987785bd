package dev.switchboard.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelCapTest {
    @Test
    void keepsTheFirstValuesAndFoldsTheRestIntoOther() {
        LabelCap cap = new LabelCap(2);
        cap.admit("configured");

        assertThat(cap.of("a")).isEqualTo("a");
        assertThat(cap.of("b")).isEqualTo("other");
        assertThat(cap.of("configured")).isEqualTo("configured");
        assertThat(cap.of("a")).isEqualTo("a");
        assertThat(cap.of("")).isEqualTo("none");
        assertThat(new LabelCap(10).of("x".repeat(81))).isEqualTo("other");
    }
}
