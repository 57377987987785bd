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

    @Test
    void fieldsOfUnexpectedTypesCountAsAbsentAndUnknownStructuresAreSkipped() {
        String body = """
                {"id":null,"created":"1748488520","model":["not","a","name"],
                 "system_fingerprint":{"nested":[1,{"deep":[true]}]},
                 "choices":[
                  {"message":{"content":{"text":"an object is not content"},"reasoning_content":7,
                    "tool_calls":[{"id":"call_abc","function":{"name":"f","arguments":{"n":1.50,"s":"x"}}},
                                  "not a call",
                                  {"function":{"name":["x"],"arguments":null}}]},
                   "finish_reason":3,"index":"1"},
                  {"index":null,"message":"not an object","finish_reason":""}],
                 "usage":{"prompt_tokens":"12","completion_tokens":null,"total_tokens":{"x":1},
                   "completion_tokens_details":[1],"prompt_tokens_details":{"cached_tokens":"4","audio_tokens":0}}}""";

        ChatResponse r = OpenAiResponseDecoder.decode(Buffer.buffer(body));

        assertThat(r.id()).as("none given: a random one, as for Gemini's answers").matches("[A-Za-z0-9]{24}");
        assertThat(r.createdEpochSeconds()).isEqualTo(1748488520L);
        assertThat(r.model()).isEmpty();
        assertThat(r.choices()).hasSize(2);
        // object arguments are kept as compact JSON with their numbers as written; a call without id gets one
        assertThat(r.choices().get(0).index()).isEqualTo(1);
        assertThat(r.choices().get(0).parts()).hasSize(2).first().isEqualTo(
                new Part.ToolCall("call_abc", "f", "{\"n\":1.50,\"s\":\"x\"}", Optional.empty()));
        Part.ToolCall second = (Part.ToolCall) r.choices().get(0).parts().get(1);
        assertThat(second.id()).matches("call_[A-Za-z0-9]{24}");
        assertThat(second).isEqualTo(new Part.ToolCall(second.id(), "", "{}", Optional.empty()));
        assertThat(r.choices().get(0).finishReason()).isEmpty();
        assertThat(r.choices().get(1).index()).isEqualTo(1);
        assertThat(r.choices().get(1).parts()).isEmpty();
        assertThat(r.choices().get(1).finishReason()).isEmpty();
        assertThat(r.usage()).contains(new Usage(12, 0, 12, 0, 4));
    }

    @Test
    void anErrorNextToChoicesIsNotAFailureButAnErrorAloneIs() {
        ChatResponse r = OpenAiResponseDecoder.decode(Buffer.buffer("""
                {"error":{"message":"ignored"},"choices":[{"message":{"content":"fine"},"finish_reason":"stop"}]}"""));
        assertThat(r.choices().getFirst().parts()).containsExactly(Part.Text.of("fine"));

        assertThatThrownBy(() -> OpenAiResponseDecoder.decode(Buffer.buffer(
                "{\"error\":{\"message\":\"The model is overloaded\",\"type\":\"server_error\",\"code\":null}}")))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> assertThat(f.getMessage()).contains("The model is overloaded"));
    }

    @Test
    void aBodyThatIsNotAnObjectOrIsCutOffIsAnUpstreamError() {
        assertThatThrownBy(() -> OpenAiResponseDecoder.decode(Buffer.buffer("[{\"choices\":[]}]")))
                .isInstanceOf(GatewayException.class).hasMessage("upstream answer must be a JSON object");
        assertThatThrownBy(() -> OpenAiResponseDecoder.decode(Buffer.buffer("{\"choices\":[{\"message\":{\"content\":\"cut")))
                .isInstanceOf(GatewayException.class).hasMessageContaining("upstream answer is not valid JSON");
    }
}
