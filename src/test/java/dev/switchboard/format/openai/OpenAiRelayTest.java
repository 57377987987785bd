package dev.switchboard.format.openai;

import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.format.JsonTestSupport.Sink;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.Part;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same-format relay, JSON in and JSON out: an OpenAI-compatible upstream's chunks and answers through the
 * decoder and the OpenAI encoders, compared byte for byte with what the client should get.
 */
class OpenAiRelayTest {
    private final Sink sink = new Sink();

    /** The upstream chunks through one decoder and one encoder for a client that asked for {@code model}. */
    private List<String> relay(String model, boolean includeUsage, String... chunks) {
        OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
        OpenAiStreamEncoder encoder = new OpenAiStreamEncoder("r1", model, 1700000000L, includeUsage);
        boolean finished = false;
        for (String c : chunks) {
            ChatEvent.Chunk chunk = decoder.decode(c);
            finished |= chunk.hasFinish();
            encoder.onChunk(chunk, sink);
        }
        decoder.end().ifPresent(rest -> encoder.onChunk(rest, sink));
        encoder.onCompleted(finished, sink);
        return sink.dataPayloads();
    }

    /** {@code json} beginning as a chunk does, with the model "m" as the client asked for it. */
    private static String m(String json) {
        return "{\"id\":\"u\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\"," + json.substring(1);
    }

    /** What the encoder writes first in a chunk with no id, object or created of its own. */
    private static final String HEADER = "\"id\":\"chatcmpl-r1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,";

    @Test
    void onlyTheModelChanges_andAChunkAlreadyNamingItPassesAsItIs() {
        String chunk = "{\"id\":\"x-1\" , \"object\":\"chat.completion.chunk\",\"created\":5,\"model\" :\"up/m-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"é\\n\\\"\"},"
                + "\"logprobs\":{\"content\":[{\"token\":\"é\",\"logprob\":-1.5E-7,\"bytes\":[195,169]}]},\"finish_reason\":null}],"
                + "\"system_fingerprint\":\"fp_1\",\"obfuscation\":\"a8f\"}";

        assertThat(relay("client \"m\" ü", true, chunk).getFirst())
                .isEqualTo(chunk.replace("\"up/m-1\"", "\"client \\\"m\\\" ü\""));
        sink.frames().clear();
        assertThat(relay("up/m-1", true, chunk).getFirst()).isEqualTo(chunk);
    }

    @Test
    void aModelThatIsMissingOrNotAStringBecomesTheClientsName() {
        assertThat(relay("m", false,
                " {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}",
                "{\"model\":null,\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":null}]}",
                "{\"model\":{\"name\":\"x\"},\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"))
                .containsExactly(
                        " {" + HEADER + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}",
                        "{" + HEADER + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":null}]}",
                        "{" + HEADER + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                        "[DONE]");
    }

    @Test
    void usageTheClientDidNotAskForIsCutWhereverItStands() {
        assertThat(relay("m", false,
                m("{\"usage\":null,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}"),
                m("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"},\"finish_reason\":null}],  \"usage\" : null ,\"system_fingerprint\":\"i\"}"),
                m("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}] , \"usage\":null }"),
                "{\"id\":\"i\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}"))
                .containsExactly(
                        m("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}"),
                        m("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"},\"finish_reason\":null}],  \"system_fingerprint\":\"i\"}"),
                        m("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]  }"),
                        "[DONE]");
    }

    @Test
    void aChunkOfNothingButUsageIsLeftOutWhenNotAskedFor_andAnAzureStyleEmptyChunkIsNot() {
        String filters = m("{\"choices\":[],\"prompt_filter_results\":[{\"prompt_index\":0}],\"model\":\"\"}");
        List<String> out = relay("m", false, filters,
                m("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}"),
                m("{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}"));
        assertThat(out).containsExactly(filters.replace("\"model\":\"\"", "\"model\":\"m\""),
                m("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}"), "[DONE]");
    }

    @Test
    void usageAskedForButNeverSentIsReportedAsZeroUnderTheUpstreamsId() {
        List<String> out = relay("m", true,
                "{\"id\":\"up-9\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}");
        assertThat(out).hasSize(3);
        assertThat(tree(out.get(1)).path("id").asText()).isEqualTo("up-9");
        assertThat(tree(out.get(1)).path("model").asText()).isEqualTo("m");
        assertThat(tree(out.get(1)).path("choices")).isEmpty();
        assertThat(tree(out.get(1)).at("/usage/total_tokens").asInt(-1)).isZero();

        sink.frames().clear();
        List<String> sent = relay("m", true,
                "{\"id\":\"up-9\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}");
        assertThat(sent).as("usage in the last content chunk is the usage: no second report").hasSize(2);
    }

    @Test
    void finishReasonsAreSaidInOpenAisWords() {
        String call = m("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\",")
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}";
        assertThat(relay("m", false, call, m("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")))
                .containsExactly(call, m("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}"), "[DONE]");
        sink.frames().clear();
        assertThat(relay("m", false,
                m("{\"choices\":[{\"finish_reason\":\"max_tokens\",\"delta\":{\"content\":\"a\"},\"index\":1},")
                        + "{\"delta\":{\"content\":\"b\"},\"finish_reason\":\"eos\",\"index\":0}]}"))
                .first().isEqualTo(m("{\"choices\":[{\"finish_reason\":\"length\",\"delta\":{\"content\":\"a\"},\"index\":1},")
                        + "{\"delta\":{\"content\":\"b\"},\"finish_reason\":\"stop\",\"index\":0}]}");
        sink.frames().clear();
        String legacy = m("{\"choices\":[{\"index\":0,\"delta\":{\"function_call\":{\"name\":\"f\",\"arguments\":\"{}\"}},")
                + "\"finish_reason\":\"function_call\"}]}";
        assertThat(relay("m", false, legacy)).first().isEqualTo(legacy);
    }

    @Test
    void reasoningIsCalledReasoningContentUnlessBothAreThere() {
        assertThat(relay("m", false,
                m("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"hmm\",\"content\":\"\"},\"finish_reason\":null}]}"),
                m("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"x\",\"reasoning_content\":\"x\"},\"finish_reason\":null}]}"),
                m("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}")))
                .containsExactly(
                        m("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"hmm\",\"content\":\"\"},\"finish_reason\":null}]}"),
                        m("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"x\",\"reasoning_content\":\"x\"},\"finish_reason\":null}]}"),
                        m("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}"),
                        "[DONE]");
    }

    @Test
    void aChunkOverSeveralLinesStaysOneEvent() {
        relay("m", false, "{\n  \"id\": \"u\", \"object\": \"chat.completion.chunk\", \"created\": 1,\n  \"model\": \"u\",\n  \"choices\": [{\"index\": 0, \"delta\": {\"content\": \"a\"},"
                + " \"finish_reason\": \"stop\"}]\n}");
        assertThat(sink.text()).startsWith("data: {\ndata:   \"id\": \"u\", \"object\": \"chat.completion.chunk\", \"created\": 1,"
                        + "\ndata:   \"model\": \"m\",\ndata:   \"choices\": [")
                .endsWith("\ndata: }\n\ndata: [DONE]\n\n");
    }

    @Test
    void toolCallPiecesAreNotSentTwiceWhenTheStreamIsCutOff() {
        List<String> out = relay("m", false,
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\","
                        + "\"arguments\":\"{\\\"a\\\"\"}}]},\"finish_reason\":null}]}");
        assertThat(out).hasSize(3);
        assertThat(tree(out.get(1)).at("/error/message").asText()).contains("without a finish reason");
        assertThat(out.get(2)).isEqualTo("[DONE]");
    }

    @Test
    void spansCountFromTheStartOfASlicedBuffer() {
        String chunk = "{\"model\":\"up\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}";
        Buffer whole = Buffer.buffer("data: " + chunk + "\n\n");
        Buffer slice = whole.slice(6, 6 + chunk.getBytes(StandardCharsets.UTF_8).length);
        new OpenAiStreamEncoder("r", "m", 1, false).onChunk(new OpenAiStreamDecoder().decode(slice), sink);
        assertThat(sink.dataPayloads()).containsExactly("{\"id\":\"chatcmpl-r\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
    }

    @Test
    void aWholeAnswerKeepsEverythingButTheModelAndAWrongFinishReason() {
        String answer = """
                {"id":"gen-1","object":"chat.completion","created":1,"model":"up","choices":[{"index":0,"message":{"role":"assistant","content":null,
                 "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}],
                 "reasoning":"because"},"logprobs":null,"finish_reason":"stop","native_finish_reason":"STOP"}],
                 "usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"cost":0.00002}, "provider":"x"}
                """;
        ChatResponse r = OpenAiResponseDecoder.decode(Buffer.buffer(answer));
        assertThat(OpenAiResponseEncoder.encode(r, "mine").toString(StandardCharsets.UTF_8)).isEqualTo(answer
                .replace("\"up\"", "\"mine\"").replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"tool_calls\"")
                .replace("\"reasoning\":", "\"reasoning_content\":"));
    }

    /** A chunk of choice 0 with {@code delta} and {@code finish} (a JSON value), as Gemini's OpenAI-compatible API writes it. */
    private static String gemini(String delta, String finish) {
        return "{\"choices\":[{\"delta\":" + delta + ",\"finish_reason\":" + finish + ",\"index\":0}],"
                + "\"created\":1764000000,\"id\":\"g-1\",\"model\":\"up\",\"object\":\"chat.completion.chunk\"}";
    }

    @Test
    void toolCallPiecesWithoutAnIndexGetOne_aNewIdStartingTheNextCall() {
        // Gemini's OpenAI-compatible streams: whole calls without an index, then a piece of nothing but the
        // thought signature for the last one, then "stop".
        String two = gemini("{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\","
                + "\"name\":\"weather\"},\"id\":\"function-call-1\",\"type\":\"function\"},"
                + "{\"function\":{\"arguments\":\"{}\",\"name\":\"time\"},\"id\":\"function-call-2\",\"type\":\"function\"}]}", "null");
        String signature = gemini("{\"tool_calls\":[{\"extra_content\":{\"google\":{\"thought_signature\":\"c2ln\"}}}]}", "null");
        String stop = gemini("{}", "\"stop\"");

        assertThat(relay("up", false, two, signature, stop)).containsExactly(
                two.replace("[{\"function\"", "[{\"index\":0,\"function\"").replace("},{\"function\"", "},{\"index\":1,\"function\""),
                signature.replace("[{\"extra_content\"", "[{\"index\":1,\"function\":{},\"extra_content\""),
                stop.replace("\"stop\"", "\"tool_calls\""),
                "[DONE]");
    }

    @Test
    void aCallWithoutAnIdOrTypeGetsTheIdItsGatheredCallHas() {
        String first = "{\"id\":\"s7\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":"
                + "[{\"index\":0,\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}";
        String more = "{\"id\":\"s7\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":"
                + "[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}";
        OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
        OpenAiStreamEncoder encoder = new OpenAiStreamEncoder("r1", "up", 1, false);
        encoder.onChunk(decoder.decode(first), sink);
        ChatEvent.Chunk last = decoder.decode(more);
        encoder.onChunk(last, sink);

        String id = ((Part.ToolCall) last.deltas().getFirst().parts().getFirst()).id();
        assertThat(id).matches("call_[A-Za-z0-9]{24}");
        assertThat(sink.dataPayloads()).containsExactly(
                first.replace("\"tool_calls\":[{", "\"tool_calls\":[{\"id\":\"" + id + "\",\"type\":\"function\","),
                more);
    }

    @Test
    void aServerThatNumbersEveryCallZeroHasItsLaterCallsRenumbered() {
        String c1 = m("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}");
        String c2 = c1.replace("\"c1\"", "\"c2\"").replace("\"{}\"", "\"{\\\"a\"");
        String rest = m("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"\\\":1}\"},\"index\" : 0 }]},"
                + "\"finish_reason\":\"tool_calls\"}]}");

        assertThat(relay("m", false, c1, c2, rest)).containsExactly(c1, c2.replace("\"index\":0,\"id\"", "\"index\":1,\"id\""),
                rest.replace("\"index\" : 0 }", "\"index\" : 1 }"), "[DONE]");
    }

    @Test
    void argumentsSentAsAnObjectBecomeTheStringOfIt_andAnEmptyPieceStillGetsAnIndex() {
        String chunk = m("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\": {\"q\": \"a\\\"b\", \"n\": [1, 2.5]}}}, { }]},"
                + "\"finish_reason\":\"tool_calls\"}]}");

        assertThat(relay("m", false, chunk).getFirst()).isEqualTo(chunk
                .replace("{\"q\": \"a\\\"b\", \"n\": [1, 2.5]}", "\"{\\\"q\\\":\\\"a\\\\\\\"b\\\",\\\"n\\\":[1,2.5]}\"")
                .replace("{ }", "{\"index\":0,\"function\":{} }"));
    }

    @Test
    void aWholeAnswersCallsGetTheIdsAndTypeTheyLack() {
        String answer = """
                {"id":"a","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","tool_calls":[
                  {"function":{"name":"f","arguments":{"a":1}}},
                  {"id":"given","function":{"name":"g","arguments":"{}"}},
                  {"type":"function","function":{"name":"h","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""";
        ChatResponse r = OpenAiResponseDecoder.decode(Buffer.buffer(answer));
        List<String> ids = r.choices().getFirst().parts().stream().map(p -> ((Part.ToolCall) p).id()).toList();

        assertThat(ids.get(1)).isEqualTo("given");
        assertThat(ids.get(0)).matches("call_[A-Za-z0-9]{24}").isNotEqualTo(ids.get(2));
        assertThat(ids.get(2)).matches("call_[A-Za-z0-9]{24}");
        assertThat(OpenAiResponseEncoder.encode(r, "m").toString(StandardCharsets.UTF_8)).isEqualTo(answer
                .replace("{\"function\":{\"name\":\"f\",\"arguments\":{\"a\":1}}",
                        "{\"id\":\"" + ids.get(0) + "\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}")
                .replace("{\"id\":\"given\"", "{\"type\":\"function\",\"id\":\"given\"")
                .replace("{\"type\":\"function\",\"function\":{\"name\":\"h\"",
                        "{\"id\":\"" + ids.get(2) + "\",\"type\":\"function\",\"function\":{\"name\":\"h\""));
    }

    @Test
    void aChunkWithoutIdObjectOrCreatedGetsTheStreamsOwn() {
        String bare = "{\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}";
        String noCreated = "{\"id\":\"u-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";

        assertThat(relay("m", false, bare, noCreated)).containsExactly(
                "{\"id\":\"chatcmpl-r1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000," + bare.substring(1),
                "{\"created\":1700000000,\"model\":\"m\"," + noCreated.substring(1),
                "[DONE]");
    }

    @Test
    void aWholeAnswerWithoutIdObjectOrCreatedGetsThemAsTheCanonicalAnswerHasThem() {
        String answer = "{\"model\":\"up\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},"
                + "\"finish_reason\":\"stop\"}]}";
        long before = java.time.Instant.now().getEpochSecond();
        ChatResponse r = OpenAiResponseDecoder.decode(Buffer.buffer(answer));

        assertThat(r.id()).matches("[A-Za-z0-9]{24}");
        assertThat(r.createdEpochSeconds()).isBetween(before, before + 5);
        assertThat(OpenAiResponseEncoder.encode(r, "m").toString(StandardCharsets.UTF_8)).isEqualTo(
                "{\"id\":\"chatcmpl-" + r.id() + "\",\"object\":\"chat.completion\",\"created\":" + r.createdEpochSeconds() + ","
                        + answer.substring(1).replace("\"up\"", "\"m\""));
    }

    @Test
    void contentInPartsBecomesItsTextAndItsThinkingReasoning() {
        // Mistral's reasoning models: content as a list of thinking and text chunks, in streams and answers.
        String thinking = m("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\","
                + "\"thinking\":[{\"type\":\"text\",\"text\":\"Six \\\"times\\\" seven\"}]}]},\"finish_reason\":null}]}");
        String text = m("{\"choices\":[{\"index\":0,\"delta\":{\"content\" : [ {\"type\":\"text\",\"text\":\"42\"} ]},\"finish_reason\":\"stop\"}]}");
        OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
        assertThat(decoder.decode(thinking).deltas().getFirst().parts()).containsExactly(Part.Reasoning.of("Six \"times\" seven"));
        assertThat(decoder.decode(text).deltas().getFirst().parts()).containsExactly(Part.Text.of("42"));

        assertThat(relay("m", false, thinking, text)).containsExactly(
                thinking.replace("\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"Six \\\"times\\\" seven\"}]}]",
                        "\"content\":\"\",\"reasoning_content\":\"Six \\\"times\\\" seven\""),
                text.replace("[ {\"type\":\"text\",\"text\":\"42\"} ]", "\"42\""),
                "[DONE]");

        String answer = "{\"id\":\"a\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"hmm\"}]},"
                + "{\"type\":\"text\",\"text\":\"The \"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}},{\"type\":\"text\",\"text\":\"answer\"}]},"
                + "\"finish_reason\":\"stop\"}]}";
        assertThat(OpenAiResponseEncoder.encode(OpenAiResponseDecoder.decode(Buffer.buffer(answer)), "m").toString(StandardCharsets.UTF_8))
                .isEqualTo(answer.substring(0, answer.indexOf("\"content\""))
                        + "\"content\":\"The answer\",\"reasoning_content\":\"hmm\"},\"finish_reason\":\"stop\"}]}");

        String ownReasoning = m("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"r\",\"content\":[{\"type\":\"thinking\","
                + "\"thinking\":\"t\"}]},\"finish_reason\":\"stop\"}]}");
        sink.frames().clear();
        assertThat(relay("m", false, ownReasoning).getFirst()).as("its own reasoning stays; no second key")
                .isEqualTo(ownReasoning.replace("\"content\":[{\"type\":\"thinking\",\"thinking\":\"t\"}]", "\"content\":\"\""));
    }

    @Test
    void anIdOrNameRepeatedOnALaterPieceIsNulled_andANewIdWithoutANameContinuesTheCall() {
        // Fireworks repeats id, type and name on every piece; Poolside sends another id on later pieces.
        String first = m("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"chatcmpl-tool-aa62\",\"type\":\"function\","
                + "\"function\":{\"name\":\"debug_tool\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}");
        String repeated = first.replace("\"arguments\":\"\"", "\"arguments\":\"{\\\"a\\\":\"");
        String otherId = m("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"tc_2\",\"function\":{\"arguments\":\"1}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}");
        OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
        decoder.decode(first);
        decoder.decode(repeated);
        assertThat(decoder.decode(otherId).deltas().getFirst().parts())
                .containsExactly(new Part.ToolCall("chatcmpl-tool-aa62", "debug_tool", "{\"a\":1}", java.util.Optional.empty()));

        assertThat(relay("m", false, first, repeated, otherId)).containsExactly(first,
                repeated.replace("\"id\":\"chatcmpl-tool-aa62\"", "\"id\":null").replace("\"name\":\"debug_tool\"", "\"name\":null"),
                otherId.replace("\"id\":\"tc_2\"", "\"id\":null"), "[DONE]");
    }

    @Test
    void aNameThatComesAfterTheCallsFirstPieceIsKept() {
        String id = m("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\","
                + "\"function\":{\"arguments\":\"\"}}]},\"finish_reason\":null}]}");
        String name = m("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}");

        assertThat(relay("m", false, id, name)).containsExactly(id, name, "[DONE]");
    }
}
