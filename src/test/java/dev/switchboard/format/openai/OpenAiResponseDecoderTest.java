package dev.switchboard.format.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import dev.switchboard.model.UpstreamFailure;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiResponseDecoderTest {

    @Test
    void completionWithReasoningToolCallsAndUsage() {
        String body = """
                {
                  "id": "chatcmpl-abc",
                  "object": "chat.completion",
                  "created": 1748488520,
                  "model": "deepseek-reasoner",
                  "choices": [{
                    "index": 0,
                    "message": {"role": "assistant", "content": "It is sunny.", "reasoning_content": "Check the weather.",
                      "tool_calls": [{"id": "call_qO", "type": "function",
                        "function": {"name": "get_weather", "arguments": "{\\"location\\":\\"Shanghai\\"}"}}]},
                    "logprobs": null,
                    "finish_reason": "tool_calls"
                  }],
                  "usage": {"prompt_tokens": 91, "completion_tokens": 14, "total_tokens": 105,
                    "prompt_tokens_details": {"cached_tokens": 64}, "completion_tokens_details": {"reasoning_tokens": 5}}
                }""";

        ChatResponse r = OpenAiResponseDecoder.decode(Buffer.buffer(body));

        assertThat(r.id()).isEqualTo("chatcmpl-abc");
        assertThat(r.createdEpochSeconds()).isEqualTo(1748488520L);
        assertThat(r.choices()).hasSize(1);
        assertThat(r.choices().getFirst().parts()).containsExactly(Part.Reasoning.of("Check the weather."),
                Part.Text.of("It is sunny."),
                new Part.ToolCall("call_qO", "get_weather", "{\"location\":\"Shanghai\"}", Optional.empty()));
        assertThat(r.choices().getFirst().finishReason()).contains(FinishReason.TOOL_CALLS);
        assertThat(r.usage()).contains(new Usage(91, 14, 105, 5, 64));
        assertThat(r.nativeBody()).isPresent();
    }

    @Test
    void nullContentArrayContentRefusalAndOpenRouterReasoning() {
        String body = """
                {"id":"x","created":1,"model":"m","choices":[
                  {"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},"finish_reason":"stop"},
                  {"index":1,"message":{"role":"assistant","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}],
                    "reasoning":"why"},"finish_reason":"length"}]}""";

        ChatResponse r = OpenAiResponseDecoder.decode(Buffer.buffer(body));

        assertThat(r.choices().get(0).parts()).containsExactly(Part.Text.of("I can't help with that."));
        assertThat(r.choices().get(1).parts()).containsExactly(Part.Reasoning.of("why"), Part.Text.of("ab"));
        assertThat(r.choices().get(1).finishReason()).contains(FinishReason.LENGTH);
        assertThat(r.usage()).isEmpty();
    }

    @Test
    void errorObjectWithStatus200IsAClassifiedFailure() {
        assertThatThrownBy(() -> OpenAiResponseDecoder.decode(Buffer.buffer(
                "{\"error\":{\"message\":\"Rate limit reached\",\"code\":429}}")))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> {
                    assertThat(f.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
                    assertThat(f.upstreamStatus()).isEqualTo(429);
                });
    }

    @Test
    void bodyThatIsNotJsonIsAnUpstreamError() {
        assertThatThrownBy(() -> OpenAiResponseDecoder.decode(Buffer.buffer("<html>bad gateway</html>")))
                .isInstanceOf(GatewayException.class).hasMessageContaining("not valid JSON");
    }
}
