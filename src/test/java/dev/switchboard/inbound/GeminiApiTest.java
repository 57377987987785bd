package dev.switchboard.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The native Gemini surface end to end: real HTTP on loopback, a fake Gemini API behind it. Bodies are compared
 * as bytes: what the client sent is what the fake received, and what the fake sent is what the client got.
 */
class GeminiApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "AIzaSyFAKE-key-0001-abcdefghijklmnop";
    static final String KEY_B = "AIzaSyFAKE-key-0002-abcdefghijklmnoq";
    static final String CLIENT = "sk-client-1";
    static final String FLASH = "/v1beta/models/gemini-2.5-flash";

    /** Fields the canonical model does not know, odd spacing and key order: all must reach the upstream as sent. */
    static final String GENERATE = """
            {"contents": [{"role": "user", "parts": [{"text": "hi"}]}],
             "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}],
             "generationConfig": {"temperature": 0.20, "thinkingConfig": {"thinkingBudget": 0}},
             "tools": [{"googleSearch": {}}],  "cachedContent": "cachedContents/abc", "labels": {"b": "2", "a": "1"}}""";

    /** An answer with fields the canonical model drops (safety ratings, grounding, citations). */
    static final String RICH_ANSWER = """
            {
              "candidates": [
                {
                  "content": {"parts": [{"text": "Hello there"}], "role": "model"},
                  "finishReason": "STOP",
                  "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"}],
                  "groundingMetadata": {"webSearchQueries": ["hello"]},
                  "citationMetadata": {"citationSources": [{"startIndex": 0, "endIndex": 5, "uri": "https://example.com"}]},
                  "avgLogprobs": -0.0123,
                  "index": 0
                }
              ],
              "usageMetadata": {"promptTokenCount": 7, "candidatesTokenCount": 5, "totalTokenCount": 12},
              "modelVersion": "gemini-2.5-flash-preview-09-2025",
              "responseId": "resp-abc123"
            }
            """;

    FakeUpstream gemini;
    TestGateway gw;
    List<String> keysSeen;

    @BeforeEach
    void start() {
        gemini = FakeUpstream.startAlone();
        keysSeen = gemini.keysSeen();
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        gemini.close();
    }

    void gateway(String yaml, Map<String, String> env) {
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("GEMINI_BASE_URL", gemini.baseUrl());
        gw = TestGateway.start(yaml, e);
    }

    /** One key that serves two models, one client key, a small body limit. */
    void standardGateway() {
        gateway("""
                providers:
                  - type: gemini
                    base_url: %s
                    credentials:
                      - {key: %s, models: [gemini-2.5-flash, text-embedding-004]}
                server: {client_keys: [%s], max_body_bytes: 4096}
                """.formatted(gemini.baseUrl(), KEY, CLIENT), Map.of());
    }

    HttpResponse<String> post(String path, String body) {
        return gw.post(path, body, "x-goog-api-key", CLIENT);
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    /** A Google-shaped error and nothing else: {"error":{"code","message","status"[,"details"]}}. */
    static JsonNode assertGoogleError(HttpResponse<String> r, int code, String status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(code);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode body = json(r.body());
        assertThat(body.properties()).hasSize(1);
        JsonNode err = body.path("error");
        assertThat(err.path("code").asInt()).isEqualTo(code);
        assertThat(err.path("status").asText()).isEqualTo(status);
        assertThat(err.path("message").asText()).isNotBlank();
        return err;
    }

    static String sse(List<String> events) {
        StringBuilder b = new StringBuilder();
        for (String e : events) b.append("data: ").append(e).append("\r\n\r\n");
        return b.toString();
    }

    static List<String> streamEvents() {
        return List.of(GeminiFixtures.chunk("Hel", null),
                "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"lo wörld\", \"thoughtSignature\": \"c2ln\"}],"
                        + "\"role\": \"model\"},\"index\": 0,\"safetyRatings\": []}],\"modelVersion\": \"gemini-2.5-flash\","
                        + "\"responseId\": \"r1\",\"unknownField\": {\"kept\": true}}",
                GeminiFixtures.chunk("!", "STOP"));
    }

    // ---- generateContent / streamGenerateContent ----

    @Test
    void generateContentForwardsBothBodiesByteForByte() {
        standardGateway();
        gemini.enqueue(Reply.json(200, RICH_ANSWER));

        HttpResponse<String> r = post(FLASH + ":generateContent", GENERATE);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        assertThat(r.body()).isEqualTo(RICH_ANSWER);
        assertThat(r.headers().firstValue("x-request-id")).isPresent();

        FakeUpstream.Recorded seen = gemini.takeRequest();
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(seen.query()).isEmpty();
        assertThat(seen.body()).isEqualTo(GENERATE);
        assertThat(seen.header("x-goog-api-key")).isEqualTo(KEY);
        assertThat(seen.header("authorization")).isNull();
    }

    @Test
    void theV1PrefixServesTheSameMethods() {
        standardGateway();
        gemini.enqueue(Reply.json(200, RICH_ANSWER));

        HttpResponse<String> r = post("/v1/models/gemini-2.5-flash:generateContent", GENERATE);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(RICH_ANSWER);
        assertThat(gemini.takeRequest().body()).isEqualTo(GENERATE);
    }

    @Test
    void sseStreamRelaysEachUpstreamEventUnchanged() {
        standardGateway();
        List<String> events = streamEvents();
        gemini.enqueue(Reply.sse(sse(events), Duration.ofMillis(5), 3, 17, 101, 102, 250, 251, 333));

        HttpResponse<String> r = post(FLASH + ":streamGenerateContent?alt=sse", GENERATE);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(TestGateway.sseData(r.body())).containsExactlyElementsOf(events);
        assertThat(r.body()).isEqualTo(sse(events));

        FakeUpstream.Recorded seen = gemini.takeRequest();
        assertThat(seen.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
        assertThat(seen.query()).isEqualTo("alt=sse");
        assertThat(seen.body()).isEqualTo(GENERATE);
    }

    @Test
    void streamWithoutAltSseIsGooglesJsonArrayOfTheUpstreamEvents() {
        standardGateway();
        List<String> events = streamEvents();
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), events.toArray(String[]::new)));

        HttpResponse<String> r = post(FLASH + ":streamGenerateContent", GENERATE);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        assertThat(r.body()).isEqualTo("[" + String.join(",\r\n", events) + "]");
        assertThat(json(r.body()).size()).isEqualTo(3);
        assertThat(gemini.takeRequest().query()).isEqualTo("alt=sse");
    }

    @Test
    void streamThatDiesMidwayEndsWithAGoogleErrorInBand() {
        standardGateway();
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("partial ", null)).dying());

        HttpResponse<String> r = post(FLASH + ":streamGenerateContent?alt=sse", GENERATE);

        assertThat(r.statusCode()).isEqualTo(200);
        List<String> data = TestGateway.sseData(r.body());
        assertThat(data.getFirst()).isEqualTo(GeminiFixtures.chunk("partial ", null));
        JsonNode last = json(data.getLast());
        assertThat(last.at("/error/code").asInt()).isGreaterThanOrEqualTo(500);
        assertThat(last.at("/error/status").asText()).isNotBlank();
    }

    @Test
    void aRefusedCandidateWithoutContentIsAnAnswerNotAFailure() {
        standardGateway();
        String refused = """
                {"candidates": [{"finishReason": "SAFETY", "index": 0,
                  "safetyRatings": [{"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": true}]}],
                 "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9}, "modelVersion": "gemini-2.5-flash"}""";
        gemini.enqueue(Reply.json(200, refused));

        HttpResponse<String> r = post(FLASH + ":generateContent", GENERATE);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(refused);
        assertThat(gemini.requestCount()).isEqualTo(1);
    }

    // ---- non-chat methods ----

    @Test
    void countTokensEmbedContentAndBatchEmbedContentsAreForwardedUnchanged() {
        standardGateway();
        String count = "{\"contents\":[{\"parts\":[{\"text\":\"how many tokens?\"}]}]}";
        String counted = "{\n  \"totalTokens\": 31,\n  \"promptTokensDetails\": [{\"modality\": \"TEXT\", \"tokenCount\": 31}]\n}\n";
        String embed = "{\"model\": \"models/text-embedding-004\", \"content\": {\"parts\": [{\"text\": \"hello\"}]},"
                + " \"taskType\": \"RETRIEVAL_QUERY\", \"outputDimensionality\": 3}";
        String embedded = "{\n  \"embedding\": {\n    \"values\": [\n      0.013168523,\n      -0.008711934,\n      1e-05\n    ]\n  }\n}\n";
        String batch = "{\"requests\": [{\"model\": \"models/text-embedding-004\", \"content\": {\"parts\": [{\"text\": \"a\"}]}},"
                + "{\"model\": \"models/text-embedding-004\", \"content\": {\"parts\": [{\"text\": \"b\"}]}}]}";
        String batched = "{\"embeddings\": [{\"values\": [0.1, 0.2]}, {\"values\": [0.3, 0.4]}]}";
        gemini.enqueue(Reply.json(200, counted)).enqueue(Reply.json(200, embedded)).enqueue(Reply.json(200, batched));

        HttpResponse<String> c = post(FLASH + ":countTokens", count);
        HttpResponse<String> e = post("/v1beta/models/text-embedding-004:embedContent", embed);
        HttpResponse<String> b = post("/v1beta/models/text-embedding-004:batchEmbedContents", batch);

        assertThat(c.statusCode()).isEqualTo(200);
        assertThat(c.body()).isEqualTo(counted);
        assertThat(e.statusCode()).isEqualTo(200);
        assertThat(e.body()).isEqualTo(embedded);
        assertThat(b.statusCode()).isEqualTo(200);
        assertThat(b.body()).isEqualTo(batched);

        FakeUpstream.Recorded seenCount = gemini.takeRequest();
        assertThat(seenCount.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:countTokens");
        assertThat(seenCount.body()).isEqualTo(count);
        assertThat(seenCount.header("x-goog-api-key")).isEqualTo(KEY);
        FakeUpstream.Recorded seenEmbed = gemini.takeRequest();
        assertThat(seenEmbed.path()).isEqualTo("/v1beta/models/text-embedding-004:embedContent");
        assertThat(seenEmbed.body()).isEqualTo(embed);
        FakeUpstream.Recorded seenBatch = gemini.takeRequest();
        assertThat(seenBatch.path()).isEqualTo("/v1beta/models/text-embedding-004:batchEmbedContents");
        assertThat(seenBatch.body()).isEqualTo(batch);
        assertThat(seenBatch.query()).isEmpty();
    }

    @Test
    void aRoutingRenameReachesThePathAndTheModelFieldsInTheBody() {
        gateway("""
                providers:
                  - type: gemini
                    base_url: %s
                    credentials:
                      - key: %s
                        models:
                          - {name: gemini-embedding-001, alias: embed}
                          - {name: gemini-2.5-flash, alias: fast}
                """.formatted(gemini.baseUrl(), KEY), Map.of());
        gemini.enqueue(Reply.json(200, "{\"embeddings\": [{\"values\": [0.5]}]}"))
                .enqueue(Reply.json(200, RICH_ANSWER))
                .enqueue(Reply.json(200, "{\"totalTokens\": 3}"));

        String batch = "{\"requests\": [{\"model\": \"models/embed\", \"content\": {\"parts\": [{\"text\": \"a\"}]}, \"taskType\": \"CLUSTERING\"}]}";
        assertThat(gw.post("/v1beta/models/embed:batchEmbedContents", batch).statusCode()).isEqualTo(200);
        assertThat(gw.post("/v1beta/models/fast:generateContent", GENERATE).body()).isEqualTo(RICH_ANSWER);
        String count = "{\"generateContentRequest\": {\"model\": \"models/fast\", \"contents\": [{\"parts\": [{\"text\": \"x\"}]}]}}";
        assertThat(gw.post("/v1beta/models/fast:countTokens", count).statusCode()).isEqualTo(200);

        FakeUpstream.Recorded seenBatch = gemini.takeRequest();
        assertThat(seenBatch.path()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(seenBatch.body()).isEqualTo(
                "{\"requests\":[{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"a\"}]},\"taskType\":\"CLUSTERING\"}]}");
        FakeUpstream.Recorded seenChat = gemini.takeRequest();
        assertThat(seenChat.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(seenChat.body()).isEqualTo(GENERATE);
        assertThat(json(gemini.takeRequest().body()).at("/generateContentRequest/model").asText())
                .isEqualTo("models/gemini-2.5-flash");
    }

    @Test
    void aVertexExpressProviderGetsTheSameBodiesOnItsOwnPaths() {
        gateway("""
                providers:
                  - type: vertex_express
                    base_url: %s
                    keys: [%s]
                """.formatted(gemini.baseUrl(), KEY), Map.of());
        gemini.enqueue(Reply.json(200, RICH_ANSWER)).enqueue(Reply.json(200, "{\"totalTokens\": 3}"));

        assertThat(gw.post(FLASH + ":generateContent", GENERATE).body()).isEqualTo(RICH_ANSWER);
        String count = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"x\"}]}]}";
        assertThat(gw.post(FLASH + ":countTokens", count).body()).isEqualTo("{\"totalTokens\": 3}");

        FakeUpstream.Recorded chat = gemini.takeRequest();
        assertThat(chat.path()).isEqualTo("/v1/publishers/google/models/gemini-2.5-flash:generateContent");
        assertThat(chat.body()).isEqualTo(GENERATE);
        FakeUpstream.Recorded counted = gemini.takeRequest();
        assertThat(counted.path()).isEqualTo("/v1/publishers/google/models/gemini-2.5-flash:countTokens");
        assertThat(counted.body()).isEqualTo(count);
    }

    // ---- failover ----

    @Test
    void a429MovesGenerateContentToTheOtherKey() {
        gateway("{}", Map.of("GEMINI_API_KEYS", KEY + "," + KEY_B));
        String limited = GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "30s");
        gemini.byKey(key -> key.equals(KEY) ? Reply.json(429, limited) : Reply.json(200, RICH_ANSWER));

        HttpResponse<String> r = gw.post(FLASH + ":generateContent", GENERATE);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(RICH_ANSWER);
        assertThat(keysSeen).containsExactly(KEY, KEY_B);
    }

    @Test
    void a429BeforeTheFirstByteMovesStreamsAndNonChatMethodsToTheOtherKey() {
        gateway("{}", Map.of("GEMINI_API_KEYS", KEY + "," + KEY_B));
        String limited = GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "30s");
        List<String> events = streamEvents();
        gemini.byKey(key -> key.equals(KEY) ? Reply.json(429, limited)
                : gemini.requestCount() <= 2 ? Reply.sseEvents(Duration.ZERO, events.toArray(String[]::new))
                : Reply.json(200, "{\"totalTokens\": 31}"));

        HttpResponse<String> s = gw.post(FLASH + ":streamGenerateContent?alt=sse", GENERATE);
        assertThat(s.statusCode()).isEqualTo(200);
        assertThat(TestGateway.sseData(s.body())).containsExactlyElementsOf(events);
        assertThat(keysSeen).containsExactly(KEY, KEY_B);

        keysSeen.clear();
        HttpResponse<String> c = gw.post(FLASH + ":countTokens", "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}");
        assertThat(c.statusCode()).isEqualTo(200);
        assertThat(c.body()).isEqualTo("{\"totalTokens\": 31}");
        assertThat(keysSeen).containsExactly(KEY_B); // KEY is cooling down after its 429
    }

    @Test
    void nonChatMethodsFailOverAfterA429Too() {
        gateway("{}", Map.of("GEMINI_API_KEYS", KEY + "," + KEY_B));
        String limited = GeminiFixtures.rateLimited("EmbedContentRequestsPerMinutePerProjectPerModel-FreeTier", "20s");
        gemini.byKey(key -> key.equals(KEY) ? Reply.json(429, limited) : Reply.json(200, "{\"embedding\": {\"values\": [1]}}"));

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = gw.post("/v1beta/models/text-embedding-004:embedContent",
                    "{\"content\":{\"parts\":[{\"text\":\"a\"}]}}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"embedding\": {\"values\": [1]}}");
        }
        assertThat(keysSeen.stream().filter(KEY::equals).count()).isEqualTo(1);
        assertThat(keysSeen.stream().filter(KEY_B::equals).count()).isEqualTo(2);
    }

    @Test
    void whenEveryKeyIsLimitedTheClientGetsAGoogle429WithRetryInfo() {
        gateway("{}", Map.of("GEMINI_API_KEYS", KEY + "," + KEY_B));
        gemini.byKey(key -> Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "42s")));

        for (String method : List.of(":generateContent", ":streamGenerateContent?alt=sse", ":countTokens")) {
            HttpResponse<String> r = gw.post(FLASH + method, GENERATE);
            JsonNode err = assertGoogleError(r, 429, "RESOURCE_EXHAUSTED");
            assertThat(r.headers().firstValue("retry-after")).isPresent();
            assertThat(err.at("/details/0/@type").asText()).isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
            assertThat(err.at("/details/0/retryDelay").asText()).endsWith("s");
            assertThat(r.body()).doesNotContain(KEY).doesNotContain(KEY_B);
        }
    }

    // ---- errors ----

    @Test
    void clientErrorsAreGoogleShaped() {
        standardGateway();

        assertGoogleError(gw.post(FLASH + ":generateContent", GENERATE), 401, "UNAUTHENTICATED");
        assertThat(gw.post(FLASH + ":generateContent", GENERATE, "x-goog-api-key", "sk-wrong").body()).doesNotContain("sk-wrong");
        assertGoogleError(gw.post(FLASH + ":generateContent", GENERATE, "x-goog-api-key", "sk-wrong"), 401, "UNAUTHENTICATED");
        assertGoogleError(post(FLASH + ":generateContent", "{\"contents\": ["), 400, "INVALID_ARGUMENT");
        assertThat(assertGoogleError(post(FLASH + ":generateContent", "{\"contents\": []}"), 400, "INVALID_ARGUMENT")
                .path("message").asText()).contains("contents");
        assertThat(assertGoogleError(post(FLASH + ":generateContent",
                "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":{\"temperature\":\"hot\"}}"),
                400, "INVALID_ARGUMENT").path("message").asText()).contains("generationConfig.temperature");
        assertThat(assertGoogleError(post(FLASH + ":generateContent", "{\"contents\":[{\"parts\":[{\"text\":\""
                + "x".repeat(5000) + "\"}]}]}"), 413, "INVALID_ARGUMENT").path("message").asText()).contains("4096");
        assertThat(assertGoogleError(post("/v1beta/models/no-such-model:generateContent", GENERATE), 404, "NOT_FOUND")
                .path("message").asText()).contains("no-such-model");
        assertThat(assertGoogleError(post(FLASH + ":predict", GENERATE), 404, "NOT_FOUND").path("message").asText())
                .contains("predict");
        assertGoogleError(post(FLASH + ":streamGenerateContent?alt=proto", GENERATE), 400, "INVALID_ARGUMENT");
        assertGoogleError(post(FLASH + ":countTokens", "not json"), 400, "INVALID_ARGUMENT");
        assertGoogleError(gw.get("/v1beta/nothing", "x-goog-api-key", CLIENT), 404, "NOT_FOUND");
        assertGoogleError(gw.get(FLASH + ":generateContent", "x-goog-api-key", CLIENT), 404, "NOT_FOUND");

        assertThat(gemini.requestCount()).isZero();
    }

    @Test
    void upstreamErrorsKeepTheirStatusAndMessageInGoogleShape() {
        standardGateway();
        gemini.enqueue(Reply.json(400, GeminiFixtures.error(400, "INVALID_ARGUMENT",
                "* GenerateContentRequest.contents[0].parts: contents.parts must not be empty.")));
        gemini.enqueue(Reply.json(404, GeminiFixtures.error(404, "NOT_FOUND",
                "models/text-embedding-004 is not found for API version v1beta, or is not supported for countTokens.")));

        JsonNode chat = assertGoogleError(post(FLASH + ":generateContent", GENERATE), 400, "INVALID_ARGUMENT");
        assertThat(chat.path("message").asText()).contains("contents.parts must not be empty");
        JsonNode count = assertGoogleError(post("/v1beta/models/text-embedding-004:countTokens", "{\"contents\":[]}"),
                404, "NOT_FOUND");
        assertThat(count.path("message").asText()).contains("not supported for countTokens");
        assertThat(gemini.requestCount()).isEqualTo(2);
    }

    // ---- client keys ----

    @Test
    void theGatewayKeyWorksInEveryPlaceAndIsNeverForwarded() {
        standardGateway();
        List<FakeUpstream.Recorded> seen = Collections.synchronizedList(new ArrayList<>());
        gemini.dispatcher(rec -> {
            seen.add(rec);
            return rec.path().endsWith(":streamGenerateContent")
                    ? Reply.sseEvents(Duration.ZERO, streamEvents().toArray(String[]::new))
                    : Reply.json(200, RICH_ANSWER);
        });

        assertThat(gw.post(FLASH + ":generateContent", GENERATE, "x-goog-api-key", CLIENT).statusCode()).isEqualTo(200);
        assertThat(gw.post(FLASH + ":generateContent?key=" + CLIENT, GENERATE).statusCode()).isEqualTo(200);
        assertThat(gw.post(FLASH + ":generateContent", GENERATE, "authorization", "Bearer " + CLIENT).statusCode()).isEqualTo(200);
        assertThat(gw.post(FLASH + ":streamGenerateContent?alt=sse&key=" + CLIENT, GENERATE).statusCode()).isEqualTo(200);

        assertThat(seen).hasSize(4);
        for (FakeUpstream.Recorded r : seen) {
            assertThat(r.header("x-goog-api-key")).isEqualTo(KEY);
            assertThat(r.header("authorization")).isNull();
            assertThat(r.query()).doesNotContain(CLIENT).doesNotContain("key=");
            assertThat(r.headers().toString()).doesNotContain(CLIENT);
            assertThat(r.body()).doesNotContain(CLIENT);
        }
        assertThat(seen.getLast().query()).isEqualTo("alt=sse");
    }

    @Test
    void commaSeparatedKeysInXGoogApiKeyArePooledForTheRequest() {
        gateway("server: {allow_client_upstream_keys: true, client_keys: [sk-gw]}", Map.of("GEMINI_API_KEYS", KEY));
        String c1 = "AIzaCLIENT-1-0000000000000000000001";
        String c2 = "AIzaCLIENT-2-0000000000000000000002";
        String limited = GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "10s");
        gemini.byKey(key -> key.equals(c1) ? Reply.json(429, limited)
                : Reply.json(200, key.equals(c2) ? RICH_ANSWER : "{\"totalTokens\": 1}"));

        HttpResponse<String> r = gw.post(FLASH + ":generateContent", GENERATE,
                "authorization", "Bearer sk-gw", "x-goog-api-key", c1 + ", " + c2);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(RICH_ANSWER);
        assertThat(keysSeen).containsExactly(c1, c2);

        keysSeen.clear();
        HttpResponse<String> count = gw.post(FLASH + ":countTokens", "{\"contents\":[]}",
                "authorization", "Bearer sk-gw", "x-goog-api-key", c1 + "," + c2);
        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(keysSeen).containsExactly(c1, c2).doesNotContain(KEY, "sk-gw");
    }

    @Test
    void anOpenGatewayTakesTheClientsOwnKeysFromXGoogApiKey() {
        gateway("server: {allow_client_upstream_keys: true}", Map.of("GEMINI_API_KEYS", KEY));
        String own = "AIzaCLIENT-3-0000000000000000000003";
        gemini.byKey(key -> Reply.json(200, RICH_ANSWER));

        assertThat(gw.post(FLASH + ":generateContent", GENERATE, "x-goog-api-key", own).statusCode()).isEqualTo(200);
        assertThat(keysSeen).containsExactly(own);
    }

    // ---- model list ----

    static final String UPSTREAM_MODELS = """
            {"models": [
              {"name": "models/gemini-2.5-flash", "version": "001", "displayName": "Gemini 2.5 Flash",
               "inputTokenLimit": 1048576, "outputTokenLimit": 65536,
               "supportedGenerationMethods": ["generateContent", "countTokens"], "thinking": true},
              {"name": "models/text-embedding-004", "version": "004", "displayName": "Text Embedding 004",
               "supportedGenerationMethods": ["embedContent"]}
            ], "nextPageToken": "abc"}""";

    void upstreamLists() {
        gemini.dispatcher(rec -> rec.method().equals("GET") && rec.path().equals("/v1beta/models")
                ? Reply.json(200, UPSTREAM_MODELS)
                : Reply.json(404, GeminiFixtures.error(404, "NOT_FOUND", "no")));
    }

    @Test
    void modelListIsGeminiShapedWithTheUpstreamsOwnDescriptions() {
        gateway("""
                providers:
                  - type: gemini
                    base_url: %s
                    credentials:
                      - key: %s
                        models: [gemini-2.5-flash, text-embedding-004, {name: gemini-2.5-flash, alias: fast}]
                server: {client_keys: [%s]}
                routing: {builtin_aliases: false}
                """.formatted(gemini.baseUrl(), KEY, CLIENT), Map.of());
        upstreamLists();

        HttpResponse<String> r = gw.get("/v1beta/models?key=" + CLIENT);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode models = json(r.body()).path("models");
        assertThat(json(r.body()).has("nextPageToken")).isFalse();
        assertThat(models.findValuesAsText("name")).containsExactly(
                "models/gemini-2.5-flash", "models/text-embedding-004", "models/fast");
        assertThat(models.get(0)).isEqualTo(json(UPSTREAM_MODELS).at("/models/0"));
        assertThat(models.get(2).path("supportedGenerationMethods").toString()).contains("generateContent");

        HttpResponse<String> one = gw.get("/v1beta/models/text-embedding-004", "x-goog-api-key", CLIENT);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one.body())).isEqualTo(json(UPSTREAM_MODELS).at("/models/1"));
        assertGoogleError(gw.get("/v1beta/models/nope", "x-goog-api-key", CLIENT), 404, "NOT_FOUND");
        assertGoogleError(gw.get("/v1beta/models"), 401, "UNAUTHENTICATED");
    }

    @Test
    void getV1ModelsIsOpenAiShapedUnlessAGoogleClientAsks() {
        standardGateway();
        upstreamLists();

        JsonNode openAi = json(gw.get("/v1/models", "authorization", "Bearer " + CLIENT).body());
        assertThat(openAi.path("object").asText()).isEqualTo("list");
        assertThat(openAi.path("data").findValuesAsText("id")).contains("gemini-2.5-flash");
        JsonNode openAiOne = json(gw.get("/v1/models/gemini-2.5-flash", "authorization", "Bearer " + CLIENT).body());
        assertThat(openAiOne.path("object").asText()).isEqualTo("model");

        JsonNode google = json(gw.get("/v1/models", "x-goog-api-key", CLIENT).body());
        assertThat(google.path("models").findValuesAsText("name")).contains("models/gemini-2.5-flash");
        JsonNode googleOne = json(gw.get("/v1/models/gemini-2.5-flash", "authorization", "Bearer " + CLIENT,
                "x-goog-api-client", "google-genai-sdk/1.70.0 gl-java/25").body());
        assertThat(googleOne.path("name").asText()).isEqualTo("models/gemini-2.5-flash");
        assertThat(googleOne.path("inputTokenLimit").asInt()).isEqualTo(1048576);
        assertGoogleError(gw.get("/v1/models/nope?key=" + CLIENT), 404, "NOT_FOUND");
    }

    @Test
    void aModelNoUpstreamListedButTheRouterServesIsStillDescribed() {
        gateway("{}", Map.of("GEMINI_API_KEYS", KEY, "SWITCHBOARD_API_KEYS", CLIENT));
        gemini.dispatcher(rec -> Reply.json(500, GeminiFixtures.error(500, "INTERNAL", "list is down")));

        HttpResponse<String> r = gw.get("/v1beta/models/gemini-3-pro-preview", "x-goog-api-key", CLIENT);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).path("name").asText()).isEqualTo("models/gemini-3-pro-preview");
    }
}
