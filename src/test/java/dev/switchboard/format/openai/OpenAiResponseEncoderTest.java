package dev.switchboard.format.openai;

import static dev.switchboard.format.JsonTestSupport.assertJsonEquals;
import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.Choice;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiResponseEncoderTest {

    private static ChatResponse response(List<Choice> choices, Optional<Usage> usage) {
        return new ChatResponse("resp1", "gemini-2.5-flash", 1700000000L, choices, usage, Optional.empty(),
                Optional.empty());
    }

    @Test
    void textReasoningAndUsage() {
        ChatResponse r = response(List.of(new Choice(0, List.of(
                        Part.Reasoning.of("Let me think. "), Part.Reasoning.of("Done."),
                        Part.Text.of("Hello"), Part.Text.of(" world")), Optional.of(FinishReason.STOP))),
                Optional.of(new Usage(10, 30, 40, 12, 4)));
        assertJsonEquals(OpenAiResponseEncoder.encode(r, "my-model"), """
                {"id":"chatcmpl-resp1","object":"chat.completion","created":1700000000,"model":"my-model",
                 "choices":[{"index":0,
                   "message":{"role":"assistant","content":"Hello world","reasoning_content":"Let me think. Done."},
                   "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":30,"total_tokens":40,
                   "prompt_tokens_details":{"cached_tokens":4},
                   "completion_tokens_details":{"reasoning_tokens":12}}}
                """);
    }

    @Test
    void reasoningNeverBecomesContent() {
        ChatResponse r = response(List.of(new Choice(0, List.of(Part.Reasoning.of("secret thoughts")),
                Optional.of(FinishReason.STOP))), Optional.empty());
        JsonNode message = tree(OpenAiResponseEncoder.encode(r, "m")).at("/choices/0/message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.get("reasoning_content").asText()).isEqualTo("secret thoughts");
    }

    @Test
    void toolCallsCarrySignaturesInTheirIds() {
        ChatResponse r = response(List.of(new Choice(0, List.of(
                        new Part.ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}", Optional.of("c2ln")),
                        new Part.ToolCall("call_2", "get_time", "{}", Optional.empty())),
                Optional.of(FinishReason.TOOL_CALLS))), Optional.empty());
        assertJsonEquals(OpenAiResponseEncoder.encode(r, "m"), """
                {"id":"chatcmpl-resp1","object":"chat.completion","created":1700000000,"model":"m",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                   {"id":"call_1__thought__c2ln","type":"function",
                    "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
                   {"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
                  "logprobs":null,"finish_reason":"tool_calls"}]}
                """);
    }

    @Test
    void imagesBecomeMarkdownDataUrls() {
        ChatResponse r = response(List.of(new Choice(0, List.of(Part.Text.of("Here: "),
                new Part.InlineData("image/png", "iVBO")), Optional.of(FinishReason.STOP))), Optional.empty());
        assertThat(tree(OpenAiResponseEncoder.encode(r, "m")).at("/choices/0/message/content").asText())
                .isEqualTo("Here: ![image](data:image/png;base64,iVBO)");
    }

    @Test
    void keepsAnIdThatAlreadyLooksLikeOpenAis() {
        ChatResponse r = new ChatResponse("chatcmpl-9", "m", 1, List.of(), Optional.empty(), Optional.empty(),
                Optional.empty());
        assertThat(tree(OpenAiResponseEncoder.encode(r, "m")).get("id").asText()).isEqualTo("chatcmpl-9");
    }

    @Test
    void blockedPromptBecomesContentFilterChoice() {
        ChatResponse r = new ChatResponse("b", "m", 1, List.of(), Optional.of(new Usage(5, 0, 5, 0, 0)),
                Optional.of("SAFETY"), Optional.empty());
        JsonNode choice = tree(OpenAiResponseEncoder.encode(r, "m")).at("/choices/0");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("content_filter");
        assertThat(choice.at("/message/content").isNull()).isTrue();
    }

    @ParameterizedTest(name = "{0} with content={1}, tool call={2} -> {3}")
    @CsvSource({
            "STOP,           true,  false, stop",
            "STOP,           true,  true,  tool_calls",
            "LENGTH,         true,  false, length",
            "CONTENT_FILTER, false, false, content_filter",
            "TOOL_CALLS,     true,  true,  tool_calls",
            "OTHER,          true,  false, stop",
            "OTHER,          false, false, content_filter",
            "OTHER,          true,  true,  tool_calls",
    })
    void finishReasonTable(FinishReason reason, boolean withText, boolean withCall, String expected) {
        List<Part> parts = new java.util.ArrayList<>();
        if (withText) parts.add(Part.Text.of("t"));
        if (withCall) parts.add(new Part.ToolCall("c", "f", "{}", Optional.empty()));
        ChatResponse r = response(List.of(new Choice(0, parts, Optional.of(reason))), Optional.empty());
        assertThat(tree(OpenAiResponseEncoder.encode(r, "m")).at("/choices/0/finish_reason").asText())
                .isEqualTo(expected);
    }
}
