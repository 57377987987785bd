package dev.switchboard.upstream;

import static dev.switchboard.testing.OpenAiFixtures.chunk;
import static dev.switchboard.testing.OpenAiFixtures.sse;
import static dev.switchboard.testing.OpenAiFixtures.usageChunk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.OpenAiStreamTranscript;
import dev.switchboard.testing.TestGateway;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible provider end to end: a real gateway in front of fake OpenAI-compatible servers. */
class OpenAiProviderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String A = "sk-upstream-A-0000000000000001";
    static final String B = "sk-upstream-B-0000000000000002";
    static final String CLIENT = "sk-client-1";

    Vertx vertx;
    FakeUpstream upstream;
    FakeUpstream other;
    TestGateway gw;
    final List<String> keysSeen = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        upstream = FakeUpstream.start(vertx);
        other = FakeUpstream.start(vertx);
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        upstream.close();
        other.close();
        vertx.close();
    }

    void gateway(String yaml) {
        gw = TestGateway.start(yaml, Map.of("SWITCHBOARD_API_KEYS", CLIENT));
    }

    /** Two keys tried in order (fill_first), both at the fake upstream. */
    void twoKeys() {
        gateway("""
                providers:
                  - type: openai
                    base_url: %s
                    strategy: fill_first
                    keys: [%s, %s]
                """.formatted(upstream.baseUrl(), A, B));
    }

    HttpResponse<String> chat(String body) {
        return gw.post("/v1/chat/completions", body, "authorization", "Bearer " + CLIENT);
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static String completion(String content, String reasoning) {
        String r = reasoning == null ? "" : ",\"reasoning_content\":" + quote(reasoning);
        return """
                {"id":"chatcmpl-up1","object":"chat.completion","created":1748488520,"model":"upstream-model",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s%s},"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21,
                   "completion_tokens_details":{"reasoning_tokens":4}}}""".formatted(quote(content), r);
    }

    static String error(String message, String type, String code) {
        return "{\"error\":{\"message\":" + quote(message) + ",\"type\":\"" + type + "\",\"param\":null,\"code\":\"" + code + "\"}}";
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void nonStreamingRequestIsForwardedInOpenAiShapeWithTheUpstreamModelAndEachCredentialsBaseUrl() {
        gateway("""
                providers:
                  - type: openai
                    name: compat
                    base_url: %s
                    strategy: fill_first
                    credentials:
                      - key: %s
                        base_url: %s/v1
                        models: [{name: upstream-model-2025, alias: smart}]
                """.formatted(upstream.baseUrl(), A, other.baseUrl()));
        other.enqueue(Reply.json(200, completion("Hello there", "The user greets me.")));

        HttpResponse<String> r = chat("""
                {"model":"smart","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],
                 "temperature":0.70,"max_tokens":50,"user":"u-42","logit_bias":{"50256":-100}}""");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r.body());
        assertThat(body.path("model").asText()).isEqualTo("smart");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello there");
        assertThat(body.at("/choices/0/message/reasoning_content").asText()).isEqualTo("The user greets me.");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(21);
        assertThat(body.at("/usage/completion_tokens_details/reasoning_tokens").asInt()).isEqualTo(4);

        FakeUpstream.Recorded seen = other.takeRequest();
        assertThat(seen.path()).isEqualTo("/v1/chat/completions");
        assertThat(seen.header("authorization")).isEqualTo("Bearer " + A);
        assertThat(seen.body()).doesNotContain(CLIENT).contains("\"temperature\":0.70").contains("\"logit_bias\":{\"50256\":-100}");
        JsonNode sent = json(seen.body());
        assertThat(sent.path("model").asText()).isEqualTo("upstream-model-2025");
        assertThat(sent.path("user").asText()).isEqualTo("u-42");
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("be brief");
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void streamSplitAtOddBoundariesIsRelayedChunkByChunkWithReasoningAndUsage() {
        twoKeys();
        String body = sse(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk("{\"reasoning_content\":\"Thinking…\"}", null),
                chunk("{\"content\":\"Hel\"}", null),
                chunk("{\"content\":\"lo wörld\"}", null),
                chunk("{}", "stop"),
                usageChunk(7, 3), "[DONE]");
        upstream.enqueue(Reply.sse(body, Duration.ofMillis(3), 5, 17, 101, 240, 241, 400, 555, 700, 701));

        HttpResponse<String> r = chat("""
                {"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"hi"}]}""");

        assertThat(r.statusCode()).isEqualTo(200);
        OpenAiStreamTranscript t = OpenAiStreamTranscript.of(r.body());
        assertThat(t.done()).isTrue();
        assertThat(t.chunks()).allSatisfy(c -> assertThat(c.path("model").asText()).isEqualTo("gpt-4o"));
        assertThat(t.text()).isEqualTo("Hello wörld");
        assertThat(t.reasoning()).isEqualTo("Thinking…");
        assertThat(t.finishes()).containsExactly("stop");
        assertThat(t.chunks().getLast().at("/usage/total_tokens").asInt()).isEqualTo(10);

        JsonNode sent = json(upstream.takeRequest().body());
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void toolCallStreamedInPiecesReachesOpenAiClientsInTheSamePieces() {
        twoKeys();
        List<String> upstreamChunks = List.of(
                chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_w\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", null),
                chunk("{}", "tool_calls"));
        List<String> events = new ArrayList<>(upstreamChunks);
        events.add("[DONE]");
        upstream.enqueue(Reply.sse(sse(events.toArray(String[]::new)), Duration.ofMillis(2), 50, 333));

        HttpResponse<String> r = chat("""
                {"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"weather?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}""");

        // As an OpenAI SDK does it: pieces gathered by tool index.
        List<String> data = TestGateway.sseData(r.body());
        StringBuilder arguments = new StringBuilder();
        List<String> ids = new ArrayList<>();
        String finish = "";
        for (String d : data) {
            if (d.equals("[DONE]")) continue;
            for (JsonNode ch : json(d).path("choices")) {
                for (JsonNode call : ch.at("/delta/tool_calls")) {
                    assertThat(call.path("index").asInt()).isZero();
                    if (call.has("id")) ids.add(call.path("id").asText());
                    arguments.append(call.at("/function/arguments").asText());
                }
                if (!ch.path("finish_reason").isNull()) finish = ch.path("finish_reason").asText();
            }
        }
        assertThat(ids).containsExactly("call_w");
        assertThat(arguments.toString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(finish).isEqualTo("tool_calls");
        List<String> relayed = new ArrayList<>(upstreamChunks.stream().map(OpenAiProviderTest::asRelayed).toList());
        relayed.add("[DONE]");
        assertThat(data).as("each piece relayed as it came, usage left out as the client did not ask for it")
                .containsExactlyElementsOf(relayed);
    }

    @Test
    void toolCallsFromAServerThatSendsNoIndexReachOpenAiClientsWithOne() {
        // As Gemini's OpenAI-compatible API streams them: whole calls with no index, a later piece carrying only
        // the last call's thought signature, and "stop" for a turn that called tools.
        twoKeys();
        String head = "{\"choices\":[{\"delta\":";
        String tail = ",\"index\":0}],\"created\":1764000000,\"id\":\"oHg\",\"model\":\"upstream-model\",\"object\":\"chat.completion.chunk\"}";
        String calls = head + "{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\","
                + "\"name\":\"get_weather\"},\"id\":\"function-call-1\",\"type\":\"function\"},{\"function\":{\"arguments\":"
                + "\"{\\\"zone\\\":\\\"CET\\\"}\",\"name\":\"get_time\"},\"id\":\"function-call-2\",\"type\":\"function\"}]}" + tail;
        String signature = head + "{\"tool_calls\":[{\"extra_content\":{\"google\":{\"thought_signature\":\"CiQBcsjafE\"}}}]}" + tail;
        String stop = head + "{\"role\":\"assistant\"},\"finish_reason\":\"stop\"" + tail;
        upstream.enqueue(Reply.sse(sse(calls, signature, stop, "[DONE]"), Duration.ofMillis(2), 17, 18, 301, 302, 480));

        List<String> data = TestGateway.sseData(chat("""
                {"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"weather and time in Paris?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}},
                          {"type":"function","function":{"name":"get_time","parameters":{"type":"object"}}}]}""").body());

        assertThat(data).containsExactly(
                asRelayed(calls).replace("[{\"function\"", "[{\"index\":0,\"function\"")
                        .replace("},{\"function\"", "},{\"index\":1,\"function\""),
                asRelayed(signature).replace("[{\"extra_content\"", "[{\"index\":1,\"function\":{},\"extra_content\""),
                asRelayed(stop).replace("\"stop\"", "\"tool_calls\""),
                "[DONE]");
    }

    @Test
    void contentInPartsReachesOpenAiClientsAsTextAndReasoningAndGeminiClientsAsThoughts() {
        // Mistral's reasoning models stream content as lists of thinking and text chunks.
        twoKeys();
        String head = "{\"id\":\"m-1\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\"upstream-model\","
                + "\"choices\":[{\"index\":0,\"delta\":";
        String thinking = head + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\","
                + "\"text\":\"Paris is the capital\"}]}]},\"finish_reason\":null}]}";
        String text = head + "{\"content\":[{\"type\":\"text\",\"text\":\"Paris.\"}]},\"finish_reason\":\"stop\"}]}";
        String body = sse(thinking, text, "[DONE]");
        upstream.enqueue(Reply.sse(body, Duration.ofMillis(2), 5, 77, 78, 190));
        upstream.enqueue(Reply.sse(body, Duration.ofMillis(2), 31, 150));

        List<String> data = TestGateway.sseData(chat("""
                {"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Capital of France?"}]}""").body());
        assertThat(data).containsExactly(
                thinking.replace("upstream-model", "gpt-4o").replace("\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\","
                        + "\"text\":\"Paris is the capital\"}]}]", "\"content\":\"\",\"reasoning_content\":\"Paris is the capital\""),
                text.replace("upstream-model", "gpt-4o").replace("[{\"type\":\"text\",\"text\":\"Paris.\"}]", "\"Paris.\""),
                "[DONE]");

        HttpResponse<String> gemini = gw.post("/v1beta/models/gpt-4o:streamGenerateContent?alt=sse",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Capital of France?\"}]}]}",
                "x-goog-api-key", CLIENT);
        List<JsonNode> events = TestGateway.sseData(gemini.body()).stream().map(OpenAiProviderTest::json).toList();
        assertThat(events.get(0).at("/candidates/0/content/parts/0/thought").asBoolean()).isTrue();
        assertThat(events.get(0).at("/candidates/0/content/parts/0/text").asText()).isEqualTo("Paris is the capital");
        assertThat(events.get(1).at("/candidates/0/content/parts/0/text").asText()).isEqualTo("Paris.");
    }

    @Test
    void aCallsIdAndNameRepeatedOnEveryPieceAreNotJoinedByClients() {
        // Fireworks, DeepSeek and Qwen repeat a call's id and name on every piece; clients that join a call's
        // strings across pieces (OpenAI's Python SDK, LangChain) would read "call_1call_1".
        twoKeys();
        String piece = "{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":%s}}]}";
        upstream.enqueue(Reply.sse(sse(
                chunk(piece.formatted("\"\""), null),
                chunk(piece.formatted("\"{\\\"city\\\":\""), null),
                chunk(piece.formatted("\"\\\"Oslo\\\"}\""), "tool_calls"),
                "[DONE]"), Duration.ofMillis(2), 60, 61, 250));

        List<String> data = TestGateway.sseData(chat("""
                {"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"weather?"}]}""").body());

        // As OpenAI's Python SDK accumulates pieces: strings joined, index and type replaced.
        StringBuilder id = new StringBuilder();
        StringBuilder name = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        for (String d : data) {
            if (d.equals("[DONE]")) continue;
            for (JsonNode call : json(d).at("/choices/0/delta/tool_calls")) {
                if (call.path("id").isTextual()) id.append(call.path("id").asText());
                if (call.at("/function/name").isTextual()) name.append(call.at("/function/name").asText());
                arguments.append(call.at("/function/arguments").asText());
            }
        }
        assertThat(id.toString()).isEqualTo("call_1");
        assertThat(name.toString()).isEqualTo("get_weather");
        assertThat(arguments.toString()).isEqualTo("{\"city\":\"Oslo\"}");
    }

    /** An {@link dev.switchboard.testing.OpenAiFixtures#chunk} as a client that asked for "gpt-4o" and no usage gets it. */
    static String asRelayed(String upstreamChunk) {
        return upstreamChunk.replace("\"model\":\"upstream-model\"", "\"model\":\"gpt-4o\"").replace(",\"usage\":null", "");
    }

    @Test
    void streamReachesTheClientAsTheUpstreamWroteIt() {
        twoKeys();
        String first = """
                {"id":"chatcmpl-up7","object":"chat.completion.chunk","created":1748488520,"model":"upstream-model",\
                "service_tier":"default","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant",\
                "content":"Hé","refusal":null},"logprobs":{"content":[{"token":"Hé","logprob":-0.0000031281633,\
                "bytes":[72,195,169],"top_logprobs":[{"token":"Hé","logprob":-0.0000031281633,"bytes":[72,195,169]}]}],\
                "refusal":null},"finish_reason":null}],"usage":null, "x_vendor": {"cache":"hit"}}""";
        String last = """
                {"id":"chatcmpl-up7","object":"chat.completion.chunk","created":1748488520,"model":"upstream-model",\
                "service_tier":"default","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{},\
                "logprobs":null,"finish_reason":"end_turn"}],"usage":null}""";
        String usage = """
                {"id":"chatcmpl-up7","object":"chat.completion.chunk","created":1748488520,"model":"upstream-model",\
                "service_tier":"default","system_fingerprint":"fp_44709d6fcb","choices":[],\
                "usage":{"prompt_tokens":8,"completion_tokens":1,"total_tokens":9,"prompt_tokens_details":{"cached_tokens":0}}}""";
        String body = sse(first, last, usage, "[DONE]");
        upstream.enqueue(Reply.sse(body, Duration.ofMillis(2), 7, 160, 161, 500, 731));
        upstream.enqueue(Reply.sse(body, Duration.ofMillis(2), 3, 99, 402));

        List<String> plain = TestGateway.sseData(chat("""
                {"model":"gpt-4o","stream":true,"logprobs":true,"top_logprobs":1,"messages":[{"role":"user","content":"hi"}]}""")
                .body());
        assertThat(plain).containsExactly(
                first.replace("upstream-model", "gpt-4o").replace("\"usage\":null, ", ""),
                last.replace("upstream-model", "gpt-4o").replace(",\"usage\":null", "").replace("end_turn", "stop"),
                "[DONE]");
        JsonNode sent = json(upstream.takeRequest().body());
        assertThat(sent.path("logprobs").asBoolean()).isTrue();
        assertThat(sent.path("top_logprobs").asInt()).isEqualTo(1);

        List<String> withUsage = TestGateway.sseData(chat("""
                {"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"hi"}]}""").body());
        assertThat(withUsage).containsExactly(
                first.replace("upstream-model", "gpt-4o"),
                last.replace("upstream-model", "gpt-4o").replace("end_turn", "stop"),
                usage.replace("upstream-model", "gpt-4o"),
                "[DONE]");
    }

    @Test
    void answerReachesTheClientAsTheUpstreamWroteIt() {
        twoKeys();
        String answer = """
                {
                  "id": "chatcmpl-up8", "object": "chat.completion", "created": 1748488520, "model": "upstream-model",
                  "choices": [{"index": 0, "message": {"role": "assistant", "content": null,
                      "refusal": "I can't help with that.", "annotations": []},
                    "logprobs": {"content": null, "refusal": [{"token": "I", "logprob": -0.01, "bytes": [73], "top_logprobs": []}]},
                    "finish_reason": "stop"}],
                  "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
                  "service_tier": "default", "system_fingerprint": "fp_50cad350e4"
                }
                """;
        upstream.enqueue(Reply.json(200, answer));

        HttpResponse<String> r = chat("{\"model\":\"gpt-4o\",\"logprobs\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(answer.replace("\"upstream-model\"", "\"gpt-4o\""));
    }

    @Test
    void fakeStreamingFromAnOpenAiUpstreamSendsChunksNotTheCompletion() {
        gateway("""
                fake_streaming: {enabled: true, interval: 30ms}
                providers:
                  - type: openai
                    base_url: %s
                    keys: [%s]
                """.formatted(upstream.baseUrl(), A));
        upstream.enqueue(Reply.json(200, completion("whole answer", null)));

        HttpResponse<String> r = chat("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        OpenAiStreamTranscript t = OpenAiStreamTranscript.of(r.body());
        assertThat(t.text()).isEqualTo("whole answer");
        assertThat(t.chunks()).allSatisfy(c -> {
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.at("/choices/0/message").isMissingNode()).isTrue();
        });
        assertThat(t.finishes()).containsExactly("stop");
        assertThat(json(upstream.takeRequest().body()).path("stream").asBoolean(false)).isFalse();
    }

    @Test
    void inlineThinkTagsBecomeReasoningContentWhenConfigured() {
        gateway("""
                providers:
                  - type: openai
                    base_url: %s
                    keys: [%s]
                    reasoning_tags: [think]
                """.formatted(upstream.baseUrl(), A));
        upstream.enqueue(Reply.sse(sse(chunk("{\"content\":\"<thi\"}", null), chunk("{\"content\":\"nk>\\nStep one.\"}", null),
                chunk("{\"content\":\" Step two.</th\"}", null), chunk("{\"content\":\"ink>\\n\\nAnswer: 4\"}", null),
                chunk("{}", "stop"), "[DONE]"), Duration.ofMillis(2), 7, 99));
        upstream.enqueue(Reply.json(200, completion("<think>\nquick check\n</think>\n\nIt is 4.", null)));

        HttpResponse<String> streamed = chat("""
                {"model":"deepseek-r1","stream":true,"messages":[{"role":"user","content":"2+2?"}]}""");
        OpenAiStreamTranscript t = OpenAiStreamTranscript.of(streamed.body());
        assertThat(t.reasoning()).isEqualTo("Step one. Step two.");
        assertThat(t.text()).isEqualTo("Answer: 4");

        JsonNode whole = json(chat("{\"model\":\"deepseek-r1\",\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}]}").body());
        assertThat(whole.at("/choices/0/message/reasoning_content").asText()).isEqualTo("quick check\n");
        assertThat(whole.at("/choices/0/message/content").asText()).isEqualTo("It is 4.");
    }

    /** Key A answers with {@code failure}; key B answers normally, whole or streamed. */
    void aFailsWith(Reply failure) {
        upstream.dispatcher(rec -> {
            String key = rec.header("authorization").substring(7);
            keysSeen.add(key);
            if (key.equals(A)) return failure;
            return rec.body().contains("\"stream\":true")
                    ? Reply.sse(sse(chunk("{\"content\":\"from B\"}", null), chunk("{}", "stop"), "[DONE]"), Duration.ZERO)
                    : Reply.json(200, completion("from B", null));
        });
    }

    @Test
    void rateLimitedKeyFailsOverToTheNextKeyAndRests() {
        twoKeys();
        aFailsWith(Reply.json(429, error("Rate limit reached for requests", "requests", "rate_limit_exceeded"))
                .header("x-ratelimit-reset-requests", "20s"));

        HttpResponse<String> r = chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).at("/choices/0/message/content").asText()).isEqualTo("from B");
        assertThat(keysSeen).containsExactly(A, B);

        keysSeen.clear();
        assertThat(chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}").statusCode())
                .isEqualTo(200);
        assertThat(keysSeen).as("A cools down for the 20 s the upstream asked for").containsExactly(B);
    }

    @Test
    void revokedKeyFailsOverBeforeTheStreamCommits() {
        twoKeys();
        aFailsWith(Reply.json(401, error("Incorrect API key provided: sk-upst***0001", "invalid_request_error", "invalid_api_key")));

        HttpResponse<String> s = chat("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(s.statusCode()).isEqualTo(200);
        assertThat(s.body()).contains("from B").doesNotContain("error");
        assertThat(keysSeen).containsExactly(A, B);
    }

    @Test
    void clientErrorIsNotRetriedAndKeepsTheUpstreamsMessage() {
        twoKeys();
        upstream.enqueue(Reply.json(400, error("This model's maximum context length is 128000 tokens.",
                "invalid_request_error", "context_length_exceeded")));

        HttpResponse<String> r = chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = json(r.body()).path("error");
        assertThat(err.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(err.path("message").asText()).contains("maximum context length").contains("context_length_exceeded");
        assertThat(upstream.requestCount()).isEqualTo(1);
    }

    @Test
    void modelListIsMergedFromTheUpstreamsList() {
        twoKeys();
        upstream.dispatcher(rec -> rec.path().equals("/models")
                ? Reply.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1,"
                        + "\"owned_by\":\"openai\"},{\"id\":\"o3-mini\",\"object\":\"model\",\"created\":2,\"owned_by\":\"openai\"}]}")
                : Reply.json(404, error("no", "invalid_request_error", "not_found")));

        HttpResponse<String> r = gw.get("/v1/models", "authorization", "Bearer " + CLIENT);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).path("data").findValuesAsText("id")).contains("gpt-4o", "o3-mini");
        FakeUpstream.Recorded seen = upstream.takeRequest();
        assertThat(seen.header("authorization")).isEqualTo("Bearer " + A);
    }
}
