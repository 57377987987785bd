package dev.switchboard.format.openai;

import static dev.switchboard.format.JsonTestSupport.assertJsonEquals;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.JsonTestSupport.Sink;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.Choice;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiStreamEncoderTest {
    private final Sink sink = new Sink();

    private static ChatEvent.Chunk chunk(Optional<FinishReason> finish, Part... parts) {
        return new ChatEvent.Chunk("r1", List.of(new Choice(0, List.of(parts), finish)), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private static ChatEvent.Chunk withUsage(ChatEvent.Chunk c, Usage u) {
        return new ChatEvent.Chunk(c.id(), c.deltas(), Optional.of(u), c.blockReason(), c.nativeBody());
    }

    @Test
    void textStream_roleFirst_finishAloneLast_thenUsageAndDone() {
        var enc = new OpenAiStreamEncoder("r1", "client-model", 1700000000L, true);
        enc.onChunk(withUsage(chunk(Optional.empty(), Part.Text.of("Hel")), new Usage(3, 1, 4, 0, 0)), sink);
        enc.onChunk(withUsage(chunk(Optional.of(FinishReason.STOP), Part.Text.of("lo")), new Usage(3, 2, 5, 0, 0)),
                sink);
        enc.onCompleted(true, sink);

        assertThat(sink.dataPayloads()).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = sink.jsonPayloads();
        assertThat(chunks).hasSize(4);
        assertJsonEquals(chunks.get(0), """
                {"id":"chatcmpl-r1","object":"chat.completion.chunk","created":1700000000,"model":"client-model",
                 "choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"logprobs":null,"finish_reason":null}],
                 "usage":null}
                """);
        assertJsonEquals(chunks.get(1), """
                {"id":"chatcmpl-r1","object":"chat.completion.chunk","created":1700000000,"model":"client-model",
                 "choices":[{"index":0,"delta":{"content":"lo"},"logprobs":null,"finish_reason":null}],
                 "usage":null}
                """);
        assertJsonEquals(chunks.get(2), """
                {"id":"chatcmpl-r1","object":"chat.completion.chunk","created":1700000000,"model":"client-model",
                 "choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],
                 "usage":null}
                """);
        assertJsonEquals(chunks.get(3), """
                {"id":"chatcmpl-r1","object":"chat.completion.chunk","created":1700000000,"model":"client-model",
                 "choices":[],
                 "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5,
                   "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}
                """);
    }

    @Test
    void headerRenderedOncePerStreamKeepsEscapesAndNonAsciiNames() {
        var enc = new OpenAiStreamEncoder("r\"1", "we\"ird/m\u00fc\u2603", 7L, true);
        enc.onChunk(chunk(Optional.empty(), Part.Text.of("a")), sink);
        enc.onChunk(chunk(Optional.of(FinishReason.STOP), Part.Text.of("b")), sink);
        enc.onCompleted(true, sink);

        List<JsonNode> chunks = sink.jsonPayloads();
        assertThat(chunks).hasSize(4);
        for (JsonNode c : chunks) {
            assertThat(c.path("id").asText()).isEqualTo("chatcmpl-r\"1");
            assertThat(c.path("model").asText()).isEqualTo("we\"ird/m\u00fc\u2603");
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("created").asLong()).isEqualTo(7L);
            assertThat(c.has("choices")).isTrue();
        }
    }

    @Test
    void withoutIncludeUsage_noUsageFieldAndNoUsageChunk() {
        var enc = new OpenAiStreamEncoder("r1", "m", 1, false);
        enc.onChunk(withUsage(chunk(Optional.of(FinishReason.STOP), Part.Text.of("hi")), new Usage(1, 1, 2, 0, 0)),
                sink);
        enc.onCompleted(true, sink);
        List<JsonNode> chunks = sink.jsonPayloads();
        assertThat(chunks).hasSize(2);
        assertThat(chunks).allSatisfy(c -> assertThat(c.has("usage")).isFalse());
        assertThat(sink.text()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void framesAreCompleteSseEvents() {
        var enc = new OpenAiStreamEncoder("r1", "m", 1, false);
        enc.onChunk(chunk(Optional.empty(), Part.Text.of("a")), sink);
        enc.onKeepAlive(sink);
        assertThat(sink.frames()).hasSize(2);
        assertThat(sink.frames().get(0).toString()).startsWith("data: {").endsWith("}\n\n");
        assertThat(sink.frames().get(1).toString()).isEqualTo(": keep-alive\n\n");
    }

    @Test
    void reasoningGoesToReasoningContentOnly() {
        var enc = new OpenAiStreamEncoder("r1", "m", 1, false);
        enc.onChunk(chunk(Optional.empty(), Part.Reasoning.of("thinking...")), sink);
        enc.onChunk(chunk(Optional.empty(), Part.Text.of("answer")), sink);
        List<JsonNode> chunks = sink.jsonPayloads();
        JsonNode first = chunks.get(0).at("/choices/0/delta");
        assertThat(first.get("role").asText()).isEqualTo("assistant");
        assertThat(first.get("reasoning_content").asText()).isEqualTo("thinking...");
        assertThat(first.has("content")).isFalse();
        JsonNode second = chunks.get(1).at("/choices/0/delta");
        assertThat(second.has("role")).isFalse();
        assertThat(second.get("content").asText()).isEqualTo("answer");
    }

    @Test
    void toolCallDeltasAreIndexedPerChoice_andFinishIsToolCalls() {
        var enc = new OpenAiStreamEncoder("r1", "m", 1, false);
        enc.onChunk(chunk(Optional.empty(),
                new Part.ToolCall("call_a", "f", "{\"x\":1}", Optional.of("c2ln"))), sink);
        // Gemini says STOP for a turn that called functions.
        enc.onChunk(chunk(Optional.of(FinishReason.STOP),
                new Part.ToolCall("call_b", "g", "{}", Optional.empty())), sink);
        enc.onCompleted(true, sink);
        List<JsonNode> chunks = sink.jsonPayloads();
        assertJsonEquals(chunks.get(0).at("/choices/0/delta"), """
                {"role":"assistant","tool_calls":[{"index":0,"id":"call_a__thought__c2ln","type":"function",
                  "function":{"name":"f","arguments":"{\\"x\\":1}"}}]}
                """);
        assertJsonEquals(chunks.get(1).at("/choices/0/delta"), """
                {"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"g","arguments":"{}"}}]}
                """);
        assertThat(chunks.get(2).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(chunks.get(2).at("/choices/0/delta").isEmpty()).isTrue();
    }

    @Test
    void finishReasonAppearsOnlyOnTheLastChunkOfEachChoice() {
        var enc = new OpenAiStreamEncoder("r1", "m", 1, false);
        enc.onChunk(new ChatEvent.Chunk("r1", List.of(
                new Choice(0, List.of(Part.Text.of("a")), Optional.of(FinishReason.LENGTH)),
                new Choice(1, List.of(Part.Text.of("b")), Optional.empty())), Optional.empty(), Optional.empty(),
                Optional.empty()), sink);
        enc.onChunk(new ChatEvent.Chunk("r1", List.of(
                new Choice(1, List.of(), Optional.of(FinishReason.STOP))), Optional.empty(), Optional.empty(),
                Optional.empty()), sink);
        enc.onCompleted(true, sink);
        List<JsonNode> chunks = sink.jsonPayloads();
        assertThat(chunks).extracting(c -> c.at("/choices/0/index").asInt() + ":" + c.at("/choices/0/finish_reason"))
                .containsExactly("0:null", "0:\"length\"", "1:null", "1:\"stop\"");
        assertThat(chunks.get(2).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    }

    @Test
    void failedStreamEndsWithErrorFrameAndNoStop() {
        var enc = new OpenAiStreamEncoder("r1", "m", 1, true);
        enc.onChunk(chunk(Optional.empty(), Part.Text.of("partial")), sink);
        enc.onFailed(new GatewayException(ErrorKind.TIMEOUT, "upstream stalled"), sink);
        enc.onCompleted(true, sink); // ignored: the stream has ended
        assertThat(sink.text()).doesNotContain("\"stop\"");
        assertThat(sink.dataPayloads()).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = sink.jsonPayloads();
        assertJsonEquals(chunks.getLast(), """
                {"error":{"message":"upstream stalled","type":"timeout_error","param":null,"code":null}}
                """);
        assertThat(chunks).noneMatch(c -> c.has("choices") && c.get("choices").isEmpty());
    }

    @Test
    void streamEndingWithoutFinishReasonEndsWithError() {
        var enc = new OpenAiStreamEncoder("r1", "m", 1, true);
        enc.onChunk(chunk(Optional.empty(), Part.Text.of("cut off")), sink);
        enc.onCompleted(false, sink);
        assertThat(sink.text()).doesNotContain("\"finish_reason\":\"stop\"");
        List<JsonNode> chunks = sink.jsonPayloads();
        assertThat(chunks.getLast().at("/error/type").asText()).isEqualTo("upstream_error");
        assertThat(chunks.getLast().at("/error/message").asText())
                .isEqualTo("upstream stream ended without a finish reason");
        assertThat(sink.dataPayloads()).last().isEqualTo("[DONE]");
    }

    @Test
    void blockReasonFinishesWithContentFilter() {
        var enc = new OpenAiStreamEncoder("r1", "m", 1, false);
        enc.onChunk(new ChatEvent.Chunk("r1", List.of(), Optional.empty(), Optional.of("PROHIBITED_CONTENT"),
                Optional.empty()), sink);
        enc.onCompleted(true, sink);
        List<JsonNode> chunks = sink.jsonPayloads();
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(1).at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
    }

    @Test
    void emptyOtherFinishIsContentFilter_butOtherAfterTextIsStop() {
        var enc = new OpenAiStreamEncoder("r1", "m", 1, false);
        enc.onChunk(chunk(Optional.of(FinishReason.OTHER)), sink);
        assertThat(sink.jsonPayloads().getLast().at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");

        Sink other = new Sink();
        var enc2 = new OpenAiStreamEncoder("r2", "m", 1, false);
        enc2.onChunk(chunk(Optional.empty(), Part.Text.of("fine")), other);
        enc2.onChunk(chunk(Optional.of(FinishReason.OTHER)), other);
        assertThat(other.jsonPayloads().getLast().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void usageChunkIsSentEvenWhenUpstreamReportedNone() {
        var enc = new OpenAiStreamEncoder("r1", "m", 1, true);
        enc.onChunk(chunk(Optional.of(FinishReason.STOP), Part.Text.of("x")), sink);
        enc.onCompleted(true, sink);
        JsonNode last = sink.jsonPayloads().getLast();
        assertThat(last.get("choices").isEmpty()).isTrue();
        assertThat(last.at("/usage/total_tokens").asInt()).isZero();
    }
}
