package dev.switchboard.format.gemini;

import static dev.switchboard.format.JsonTestSupport.assertJsonEquals;
import static dev.switchboard.format.JsonTestSupport.buffer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.Choice;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GeminiResponseEncoderTest {

    @Test
    void translatesACanonicalAnswer() {
        ChatResponse r = new ChatResponse("chatcmpl-1", "gpt-4o", 1, List.of(
                new Choice(0, List.of(Part.Reasoning.of("hmm"), Part.Text.of("Hi"),
                        new Part.ToolCall("call_1", "f", "{\"a\":1}", Optional.empty()),
                        new Part.ToolCall("call_2", "g", "not json", Optional.empty())),
                        Optional.of(FinishReason.TOOL_CALLS)),
                new Choice(1, List.of(Part.Text.of("cut")), Optional.of(FinishReason.LENGTH))),
                Optional.of(new Usage(10, 30, 40, 20, 4)), Optional.empty(),
                Optional.of(new NativeBody(WireFormat.OPENAI, buffer("{}"))));
        assertJsonEquals(GeminiResponseEncoder.encode(r, "gemini-pro-alias"), """
                {"candidates":[
                   {"content":{"role":"model","parts":[
                      {"text":"hmm","thought":true},{"text":"Hi"},
                      {"functionCall":{"id":"call_1","name":"f","args":{"a":1}}},
                      {"functionCall":{"id":"call_2","name":"g","args":{"arguments":"not json"}}}]},
                    "finishReason":"STOP","index":0},
                   {"content":{"role":"model","parts":[{"text":"cut"}]},"finishReason":"MAX_TOKENS","index":1}],
                 "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":10,"totalTokenCount":40,
                   "thoughtsTokenCount":20,"cachedContentTokenCount":4},
                 "modelVersion":"gemini-pro-alias","responseId":"chatcmpl-1"}
                """);
    }

    @Test
    void blockedPromptHasPromptFeedbackAndNoCandidates() {
        ChatResponse r = new ChatResponse("x", "m", 1, List.of(), Optional.empty(), Optional.of("SAFETY"),
                Optional.empty());
        assertJsonEquals(GeminiResponseEncoder.encode(r, "m"), """
                {"promptFeedback":{"blockReason":"SAFETY"},"modelVersion":"m","responseId":"x"}
                """);
    }

    @Test
    void geminiAnswersPassAsTheirOriginalBytes() {
        Buffer original = buffer("{\"candidates\":[],\"groundingMetadata\":{\"x\":1}}");
        ChatResponse r = new ChatResponse("x", "m", 1, List.of(), Optional.empty(), Optional.empty(),
                Optional.of(new NativeBody(WireFormat.GEMINI, original)));
        assertThat(GeminiResponseEncoder.encode(r, "alias")).isSameAs(original);
    }
}
