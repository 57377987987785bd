package dev.switchboard.format.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToolCallIdsTest {

    @Test
    void embedsAndSplitsSignatures() {
        String wire = ToolCallIds.embed("call_1", Optional.of("AbC+/9=="));
        assertThat(wire).isEqualTo("call_1__thought__AbC+/9==");
        assertThat(ToolCallIds.split(wire)).isEqualTo(new ToolCallIds.Split("call_1", Optional.of("AbC+/9==")));
    }

    @Test
    void idsWithoutSignatureStayAsTheyAre() {
        assertThat(ToolCallIds.embed("call_1", Optional.empty())).isEqualTo("call_1");
        assertThat(ToolCallIds.embed("call_1", Optional.of(""))).isEqualTo("call_1");
        assertThat(ToolCallIds.split("call_1")).isEqualTo(new ToolCallIds.Split("call_1", Optional.empty()));
        assertThat(ToolCallIds.split("call_1__thought__")).isEqualTo(new ToolCallIds.Split("call_1", Optional.empty()));
    }
}
