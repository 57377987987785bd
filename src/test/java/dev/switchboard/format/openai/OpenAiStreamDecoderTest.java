package dev.switchboard.format.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.Choice;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import dev.switchboard.model.UpstreamFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiStreamDecoderTest {

    static String chunk(String choices) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":["
                + choices + "],\"usage\":null}";
    }

    @Test
    void textAndReasoningDeltasAreRelayedAsTheyCome() {
        OpenAiStreamDecoder d = new OpenAiStreamDecoder();
        ChatEvent.Chunk first = d.decode(chunk("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}"));
        assertThat(first.hasContent()).isFalse();
        assertThat(first.deltas().getFirst().parts()).isEmpty();

        ChatEvent.Chunk thinking = d.decode(chunk("{\"index\":0,\"delta\":{\"reasoning_content\":\"Hmm\"},\"finish_reason\":null}"));
        assertThat(thinking.deltas().getFirst().parts()).containsExactly(Part.Reasoning.of("Hmm"));

        ChatEvent.Chunk text = d.decode(chunk("{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}"));
        assertThat(text.id()).isEqualTo("chatcmpl-1");
        assertThat(text.deltas().getFirst().parts()).containsExactly(Part.Text.of("Hi"));

        ChatEvent.Chunk finish = d.decode(chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}"));
        assertThat(finish.deltas().getFirst().finishReason()).contains(FinishReason.STOP);

        ChatEvent.Chunk usage = d.decode("{\"id\":\"chatcmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
                + "\"completion_tokens\":2,\"total_tokens\":5}}");
        assertThat(usage.deltas()).isEmpty();
        assertThat(usage.usage()).contains(new Usage(3, 2, 5, 0, 0));
        assertThat(d.end()).isEmpty();
    }

    @Test
    void toolCallArgumentsAreGatheredAndEachCallIsEmittedWholeWhenComplete() {
        OpenAiStreamDecoder d = new OpenAiStreamDecoder();
        List<ChatEvent.Chunk> out = new ArrayList<>();
        out.add(d.decode(chunk("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
                + "\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}")));
        out.add(d.decode(chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"loc\"}}]},\"finish_reason\":null}")));
        out.add(d.decode(chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\":\\\"Paris\\\"}\"}}]},\"finish_reason\":null}")));
        assertThat(out).allSatisfy(c -> assertThat(c.hasContent()).isFalse());

        ChatEvent.Chunk second = d.decode(chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}"));
        assertThat(second.deltas().getFirst().parts()).containsExactly(
                new Part.ToolCall("call_a", "get_weather", "{\"loc\":\"Paris\"}", Optional.empty()));

        ChatEvent.Chunk finish = d.decode(chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}"));
        Choice c = finish.deltas().getFirst();
        assertThat(c.parts()).containsExactly(new Part.ToolCall("call_b", "get_time", "{}", Optional.empty()));
        assertThat(c.finishReason()).contains(FinishReason.TOOL_CALLS);
        assertThat(d.end()).isEmpty();
    }

    @Test
    void serversThatReuseIndexZeroForEveryCallStillGetSeparateCalls() {
        OpenAiStreamDecoder d = new OpenAiStreamDecoder();
        d.decode(chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]}}"));
        ChatEvent.Chunk next = d.decode(chunk("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c2\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]}}"));
        assertThat(next.deltas().getFirst().parts()).containsExactly(new Part.ToolCall("c1", "f", "{\"a\":1}", Optional.empty()));
        ChatEvent.Chunk rest = d.end().orElseThrow();
        assertThat(rest.deltas().getFirst().parts()).containsExactly(new Part.ToolCall("c2", "g", "{}", Optional.empty()));
    }

    @Test
    void errorObjectInTheStreamFailsIt() {
        OpenAiStreamDecoder d = new OpenAiStreamDecoder();
        assertThatThrownBy(() -> d.decode("{\"error\":{\"message\":\"upstream overloaded\",\"type\":\"overloaded_error\"}}"))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> {
                    assertThat(f.failureClass()).isEqualTo(FailureClass.SERVER_ERROR);
                    assertThat(f.getMessage()).contains("upstream overloaded");
                });
    }

    @Test
    void fieldsInAnyOrderOfUnexpectedTypesAndAFinalUsageChunk() {
        OpenAiStreamDecoder d = new OpenAiStreamDecoder();
        // the index after the delta; a later chunk without an id keeps the stream's id
        ChatEvent.Chunk first = d.decode("""
                {"choices":[{"delta":{"content":[{"type":"text","text":"Hel"},"lo"],"reasoning":{"not":"text"}},
                  "logprobs":{"content":[{"token":"x","top_logprobs":[]}]},"index":2}],"id":"chatcmpl-9","usage":null}""");
        assertThat(first.id()).isEqualTo("chatcmpl-9");
        assertThat(first.deltas()).containsExactly(new Choice(2, List.of(Part.Text.of("Hello")), Optional.empty()));

        d.decode("""
                {"choices":[{"index":2,"delta":{"tool_calls":[{"id":"call_x","function":{"name":"f","arguments":{"a":[1,2.0]}}}]}}]}""");
        ChatEvent.Chunk finish = d.decode("""
                {"choices":[{"finish_reason":"tool_calls","delta":{"tool_calls":"not a list"},"index":2}]}""");
        assertThat(finish.id()).isEqualTo("chatcmpl-9");
        assertThat(finish.deltas()).containsExactly(new Choice(2,
                List.of(new Part.ToolCall("call_x", "f", "{\"a\":[1,2.0]}", Optional.empty())), Optional.of(FinishReason.TOOL_CALLS)));

        ChatEvent.Chunk usage = d.decode("""
                {"id":"chatcmpl-9","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":"7","total_tokens":12,
                  "completion_tokens_details":{"reasoning_tokens":3,"accepted_prediction_tokens":0}}}""");
        assertThat(usage.deltas()).isEmpty();
        assertThat(usage.usage()).contains(new Usage(5, 7, 12, 3, 0));
    }

    @Test
    void aChunkThatIsNotAnObjectFailsTheStreamAsTheUpstreamsFault() {
        OpenAiStreamDecoder d = new OpenAiStreamDecoder();
        assertThatThrownBy(() -> d.decode("[1,2]")).isInstanceOf(dev.switchboard.model.GatewayException.class)
                .hasMessage("upstream stream chunk must be a JSON object");
        assertThatThrownBy(() -> d.decode("{\"choices\":[{\"delta\":{\"content\":\"cut")).isInstanceOf(dev.switchboard.model.GatewayException.class)
                .hasMessageContaining("upstream stream chunk is not valid JSON");
    }
}
