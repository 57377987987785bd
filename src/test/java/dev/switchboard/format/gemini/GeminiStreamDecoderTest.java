package dev.switchboard.format.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GeminiStreamDecoderTest {

    @Test
    void chunksShareOneGeneratedIdAndKeepTheirBytes() {
        var decoder = new GeminiStreamDecoder();
        String first = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]}}]}";
        ChatEvent.Chunk a = decoder.decode(first);
        ChatEvent.Chunk b = decoder.decode("""
                {"candidates":[{"content":{"parts":[{"text":"lo"}]},"finishReason":"STOP"}],
                 "usageMetadata":{"promptTokenCount":2,"candidatesTokenCount":2,"totalTokenCount":4}}
                """);
        assertThat(a.id()).isNotBlank().isEqualTo(b.id());
        assertThat(a.deltas().getFirst().parts()).containsExactly(Part.Text.of("Hel"));
        assertThat(a.hasFinish()).isFalse();
        assertThat(b.deltas().getFirst().finishReason()).contains(FinishReason.STOP);
        assertThat(b.usage()).contains(new Usage(2, 2, 4, 0, 0));
        assertThat(a.nativeBody()).hasValueSatisfying(
                n -> assertThat(n.bytes().toString(StandardCharsets.UTF_8)).isEqualTo(first));
    }

    @Test
    void responseIdWinsAndToolCallsGetIdsOnce() {
        var decoder = new GeminiStreamDecoder();
        ChatEvent.Chunk c = decoder.decode("""
                {"candidates":[{"content":{"parts":[
                   {"functionCall":{"name":"f","args":{"a":1}},"thoughtSignature":"U0lH"},
                   {"functionCall":{"name":"g","args":{}}}]},"finishReason":"STOP"}],"responseId":"resp-9"}
                """);
        assertThat(c.id()).isEqualTo("resp-9");
        var calls = c.deltas().getFirst().parts();
        Part.ToolCall f = (Part.ToolCall) calls.get(0);
        Part.ToolCall g = (Part.ToolCall) calls.get(1);
        assertThat(f.id()).startsWith("call_").isNotEqualTo(g.id());
        assertThat(f.signature()).contains("U0lH");
        assertThat(c.deltas().getFirst().finishReason()).contains(FinishReason.TOOL_CALLS);
    }

    @Test
    void errorEventFails() {
        var decoder = new GeminiStreamDecoder();
        assertThatThrownBy(() -> decoder.decode(
                "{\"error\":{\"code\":429,\"message\":\"Resource exhausted\",\"status\":\"RESOURCE_EXHAUSTED\"}}"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                    assertThat(e.getMessage()).contains("Resource exhausted");
                });
    }

    @Test
    void blockReasonChunk() {
        ChatEvent.Chunk c = new GeminiStreamDecoder().decode("{\"promptFeedback\":{\"blockReason\":\"OTHER\"}}");
        assertThat(c.deltas()).isEmpty();
        assertThat(c.blockReason()).contains("OTHER");
    }
}
