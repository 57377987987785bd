package dev.switchboard.upstream.ondemand;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.OpenAiStreamTranscript;
import dev.switchboard.testing.TestGateway;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OnDemand provider end to end: a real gateway in front of a fake OnDemand chat API that creates
 * sessions, answers queries (sync or SSE) and can forget sessions or refuse keys.
 */
class OnDemandProviderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String A = "odKEY-A-00000000000000000000001";
    static final String B = "odKEY-B-00000000000000000000002";
    static final String CLIENT = "sk-client-1";

    Vertx vertx;
    FakeUpstream ondemand;
    TestGateway gw;
    final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    final AtomicInteger sessionsCreated = new AtomicInteger();
    /** Session id → the key that created it. */
    final Map<String, String> sessions = new ConcurrentHashMap<>();
    final Set<String> forgotten = ConcurrentHashMap.newKeySet();
    final List<FakeUpstream.Recorded> queries = Collections.synchronizedList(new ArrayList<>());
    /** Per key, what a session creation answers instead of success (null: success). */
    final Map<String, Reply> sessionFailure = new ConcurrentHashMap<>();
    /** How queries are answered: (key, query body) → reply. */
    volatile BiFunction<String, JsonNode, Reply> answer = (key, body) -> defaultAnswer(body, "Hello from " + key.substring(6, 7));

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        ondemand = FakeUpstream.start(vertx);
        ondemand.dispatcher(this::dispatch);
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        ondemand.close();
        vertx.close();
    }

    private Reply dispatch(FakeUpstream.Recorded rec) {
        String key = rec.header("apikey");
        if (rec.path().equals("/chat/v1/sessions") && rec.method().equals("POST")) {
            Reply failure = sessionFailure.get(key);
            if (failure != null) return failure;
            String id = "sess-" + sessionsCreated.incrementAndGet();
            sessions.put(id, key);
            return Reply.json(201, "{\"message\":\"Chat session created successfully\",\"data\":{\"id\":\"" + id
                    + "\",\"companyId\":\"co-1\",\"externalUserId\":" + json(rec.body()).path("externalUserId")
                    + ",\"pluginIds\":[],\"title\":\"\",\"createdAt\":\"2026-11-22T10:00:00Z\"}}");
        }
        if (rec.path().startsWith("/chat/v1/sessions/") && rec.path().endsWith("/query")) {
            queries.add(rec);
            String id = rec.path().substring("/chat/v1/sessions/".length(), rec.path().length() - "/query".length());
            if (forgotten.contains(id) || !key.equals(sessions.get(id))) {
                return Reply.json(404, "{\"message\":\"Chat session not found\",\"errorCode\":\"not_found\"}");
            }
            return answer.apply(key, json(rec.body()));
        }
        return Reply.json(404, "{\"message\":\"no route\",\"errorCode\":\"not_found\"}");
    }

    static Reply defaultAnswer(JsonNode body, String text) {
        if (body.path("responseMode").asText().equals("stream")) {
            return Reply.sse(stream(text), Duration.ofMillis(2), 9, 40, 141, 142, 300);
        }
        return Reply.json(200, "{\"message\":\"Chat query submitted successfully\",\"data\":{\"sessionId\":\"s\","
                + "\"messageId\":\"msg-1\",\"answer\":" + quote(text) + ",\"status\":\"completed\","
                + "\"metrics\":{\"inputTokens\":11,\"outputTokens\":5,\"totalTokens\":16}}}");
    }

    /** A stream shaped like OnDemand's: status, thinking, heartbeat, fulfillment deltas, metrics, [DONE]. */
    static String stream(String text) {
        StringBuilder b = new StringBuilder();
        b.append("event:message\ndata:{\"sessionId\":\"s\",\"messageId\":\"msg-2\",\"eventIndex\":1,\"eventType\":\"statusLog\","
                + "\"status\":\"processing\",\"currentStatusLog\":{\"statusType\":\"fulfilling\",\"statusMessage\":\"Fulfilling the prompt...\"}}\n\n");
        b.append("event:thinking\ndata:{\"sessionId\":\"s\",\"messageId\":\"msg-2\",\"eventIndex\":2,\"eventType\":\"fulfillment_thinking\","
                + "\"status\":\"processing\",\"thinking\":{\"delta\":\"Considering the greeting.\"}}\n\n");
        b.append("event:heartbeat\ndata:{\"sessionId\":\"s\",\"messageId\":\"msg-2\",\"time\":\"2026-11-22T10:00:01Z\"}\n\n");
        int i = 3;
        for (String word : text.split("(?<= )")) {
            b.append("event:message\ndata:{\"sessionId\": \"s\", \"messageId\": \"msg-2\", \"answer\": ").append(quote(word))
                    .append(", \"status\": \"processing\", \"eventIndex\":").append(i++).append(", \"eventType\": \"fulfillment\"}\n\n");
        }
        b.append("event:message\ndata:{\"sessionId\":\"s\",\"messageId\":\"msg-2\",\"eventIndex\":").append(i)
                .append(",\"eventType\":\"metricsLog\",\"status\":\"processing\",\"publicMetrics\":{\"inputTokens\":20,"
                        + "\"outputTokens\":6,\"totalTokens\":26,\"ragTimeSec\":0.1}}\n\n");
        b.append("event:message\ndata:[DONE]\n\n");
        return b.toString();
    }

    void gateway(String yaml, Map<String, String> env) {
        Map<String, String> e = new HashMap<>(env);
        e.put("SWITCHBOARD_API_KEYS", CLIENT);
        gw = TestGateway.start(yaml, e, clock);
    }

    /** Two keys tried in order (fill_first). */
    void twoKeys() {
        gateway("""
                providers:
                  - type: ondemand
                    base_url: %s/chat/v1
                    strategy: fill_first
                    keys: [%s, %s]
                """.formatted(ondemand.baseUrl(), A, B), Map.of());
    }

    HttpResponse<String> chat(String body) {
        return gw.post("/v1/chat/completions", body, "authorization", "Bearer " + CLIENT);
    }

    HttpResponse<String> ask(String model, String text) {
        return chat("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":" + quote(text) + "}]}");
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The visible text of an OpenAI stream. */
    static String streamedText(HttpResponse<String> r) {
        StringBuilder text = new StringBuilder();
        for (String d : TestGateway.sseData(r.body())) {
            if (d.equals("[DONE]")) continue;
            for (JsonNode ch : json(d).path("choices")) text.append(ch.at("/delta/content").asText(""));
        }
        return text.toString();
    }

    static String content(HttpResponse<String> r) {
        return json(r.body()).at("/choices/0/message/content").asText();
    }

    @Test
    void nonStreamingRequestCreatesASessionAndQueriesTheMappedEndpoint() {
        gateway("{}", Map.of("ONDEMAND_APIKEYS", A, "ONDEMAND_BASE_URL", ondemand.baseUrl() + "/chat/v1"));

        HttpResponse<String> r = chat("""
                {"model":"gpt-4o","messages":[{"role":"system","content":"Answer in one line."},
                  {"role":"user","content":"What is AI?"}],"temperature":0.3,"top_p":0.8,"max_tokens":100,"stop":["##"]}""");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o");
        assertThat(content(r)).isEqualTo("Hello from A");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(11);
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(16);

        FakeUpstream.Recorded create = ondemand.takeRequest();
        assertThat(create.path()).isEqualTo("/chat/v1/sessions");
        assertThat(create.header("apikey")).isEqualTo(A);
        assertThat(json(create.body()).path("externalUserId").asText()).isEqualTo("switchboard");
        FakeUpstream.Recorded query = ondemand.takeRequest();
        assertThat(query.path()).isEqualTo("/chat/v1/sessions/sess-1/query");
        assertThat(query.header("apikey")).isEqualTo(A);
        assertThat(query.body()).doesNotContain(CLIENT);
        JsonNode sent = json(query.body());
        assertThat(sent.path("endpointId").asText()).isEqualTo("predefined-openai-gpt4o");
        assertThat(sent.path("query").asText()).isEqualTo("What is AI?");
        assertThat(sent.path("responseMode").asText()).isEqualTo("sync");
        assertThat(sent.at("/modelConfigs/fulfillmentPrompt").asText()).isEqualTo("Answer in one line.");
        assertThat(sent.at("/modelConfigs/temperature").asDouble()).isEqualTo(0.3);
        assertThat(sent.at("/modelConfigs/topP").asDouble()).isEqualTo(0.8);
        assertThat(sent.at("/modelConfigs/maxTokens").asInt()).isEqualTo(100);
        assertThat(sent.at("/modelConfigs/stopSequences/0").asText()).isEqualTo("##");
    }

    @Test
    void streamSplitAtOddBoundariesBecomesOpenAiChunksWithReasoningAndUsage() {
        twoKeys();

        HttpResponse<String> r = chat("""
                {"model":"deepseek-r1","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"hi"}]}""");

        assertThat(r.statusCode()).isEqualTo(200);
        OpenAiStreamTranscript t = OpenAiStreamTranscript.of(r.body());
        assertThat(t.done()).isTrue();
        assertThat(t.chunks()).allSatisfy(c -> {
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("model").asText()).isEqualTo("deepseek-r1");
        });
        assertThat(t.text()).isEqualTo("Hello from A");
        assertThat(t.reasoning()).isEqualTo("Considering the greeting.");
        assertThat(t.finishes()).containsExactly("stop");
        JsonNode usage = t.chunks().getLast().path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(20);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(6);
        assertThat(r.body()).contains(": keep-alive");

        JsonNode sent = json(queries.getFirst().body());
        assertThat(sent.path("responseMode").asText()).isEqualTo("stream");
        assertThat(sent.path("endpointId").asText()).isEqualTo("predefined-deepseek-r1");
        assertThat(queries.getFirst().header("accept")).isEqualTo("text/event-stream");
    }

    @Test
    void sessionIsReusedPerCredentialAndReplacedAfterTheIdleTimeout() {
        gateway("""
                providers:
                  - type: ondemand
                    base_url: %s/chat/v1
                    keys: [%s]
                    session_idle_timeout: 5m
                    external_user_id: team-42
                """.formatted(ondemand.baseUrl(), A), Map.of());

        assertThat(ask("gpt-4o", "one").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(4));
        assertThat(ask("gpt-4.1", "two").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(4));
        assertThat(ask("o3", "three").statusCode()).isEqualTo(200);
        assertThat(sessionsCreated.get()).as("each query came within 5 minutes of the last").isEqualTo(1);

        clock.advance(Duration.ofMinutes(6));
        assertThat(ask("o3", "four").statusCode()).isEqualTo(200);

        assertThat(sessionsCreated.get()).isEqualTo(2);
        assertThat(queries).extracting(FakeUpstream.Recorded::path).containsExactly(
                "/chat/v1/sessions/sess-1/query", "/chat/v1/sessions/sess-1/query", "/chat/v1/sessions/sess-1/query",
                "/chat/v1/sessions/sess-2/query");
        assertThat(sessions.values()).containsOnly(A);
        FakeUpstream.Recorded create = ondemand.takeRequest();
        assertThat(json(create.body()).path("externalUserId").asText()).isEqualTo("team-42");
    }

    @Test
    void sessionTheUpstreamRejectsIsReplacedAndTheQuerySentOnceMoreOnTheSameKey() {
        twoKeys();
        assertThat(ask("gpt-4o", "first").statusCode()).isEqualTo(200);
        forgotten.add("sess-1");

        HttpResponse<String> r = ask("gpt-4o", "second");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(content(r)).isEqualTo("Hello from A");
        assertThat(queries).extracting(FakeUpstream.Recorded::path).containsExactly(
                "/chat/v1/sessions/sess-1/query", "/chat/v1/sessions/sess-1/query", "/chat/v1/sessions/sess-2/query");

        forgotten.add("sess-2");
        HttpResponse<String> s = chat("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"third\"}]}");
        assertThat(s.statusCode()).isEqualTo(200);
        assertThat(streamedText(s)).isEqualTo("Hello from A");
        assertThat(sessionsCreated.get()).isEqualTo(3);
        assertThat(sessions.get("sess-3")).isEqualTo(A);
    }

    @Test
    void rateLimitOnOneKeyFailsOverToTheOther() {
        twoKeys();
        answer = (key, body) -> key.equals(A)
                ? Reply.json(429, "{\"message\":\"Rate limit exceeded\",\"errorCode\":\"rate_limit_exceeded\"}").header("retry-after", "30")
                : defaultAnswer(body, "Hello from B");

        HttpResponse<String> r = ask("claude-4-sonnet", "hi");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(content(r)).isEqualTo("Hello from B");
        assertThat(queries).extracting(q -> q.header("apikey")).containsExactly(A, B);

        queries.clear();
        HttpResponse<String> s = chat("{\"model\":\"claude-4-sonnet\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(streamedText(s)).isEqualTo("Hello from B");
        assertThat(queries).extracting(q -> q.header("apikey")).as("A rests for the 30 s it was asked to").containsExactly(B);
    }

    @Test
    void keyRefusedAtSessionCreationFailsOverToTheOther() {
        twoKeys();
        sessionFailure.put(A, Reply.json(401, "{\"message\":\"Invalid API key " + A + "\",\"errorCode\":\"unauthenticated\"}"));

        HttpResponse<String> r = ask("gpt-4o", "hi");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(content(r)).isEqualTo("Hello from B");
        assertThat(sessions.values()).containsExactly(B);
        assertThat(gw.get("/health").body()).doesNotContain(A);
    }

    @Test
    void errorInsideTheStreamBeforeAnyContentFailsOverToTheOtherKey() {
        twoKeys();
        answer = (key, body) -> key.equals(A)
                ? Reply.sse("event:message\ndata:[ERROR]:{\"message\":\"Service temporarily unavailable\",\"errorCode\":\"resource_unavailable\"}\n\n",
                        Duration.ZERO)
                : defaultAnswer(body, "Hello from B");

        HttpResponse<String> s = chat("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(s.statusCode()).isEqualTo(200);
        assertThat(streamedText(s)).isEqualTo("Hello from B");
        assertThat(s.body()).doesNotContain("\"error\"");
        assertThat(queries).extracting(q -> q.header("apikey")).containsExactly(A, B);
    }

    @Test
    void clientErrorIsAnsweredInOpenAiShapeWithoutTryingAnotherKey() {
        twoKeys();
        answer = (key, body) -> Reply.json(400, "{\"message\":\"Model context length exceeded\",\"errorCode\":\"context_length_exceeded\"}");

        HttpResponse<String> r = ask("gpt-4o", "a very long prompt");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = json(r.body()).path("error");
        assertThat(err.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(err.path("message").asText()).contains("Model context length exceeded").contains("context_length_exceeded");
        assertThat(queries).hasSize(1);
    }

    @Test
    void modelMappingIsConfigurableAndOnlyMappedModelsAreRoutedAndListed() {
        gateway("""
                providers:
                  - type: ondemand
                    base_url: %s/chat/v1
                    keys: [%s]
                    endpoints:
                      gpt-4o: predefined-openai-gpt4o-mini
                      my-llama: byoi-1234
                """.formatted(ondemand.baseUrl(), A), Map.of());

        assertThat(ask("my-llama", "hi").statusCode()).isEqualTo(200);
        assertThat(ask("gpt-4o", "hi").statusCode()).isEqualTo(200);
        assertThat(ask("gemini-2.5-pro", "hi").statusCode()).isEqualTo(200);
        assertThat(queries).extracting(q -> json(q.body()).path("endpointId").asText())
                .containsExactly("byoi-1234", "predefined-openai-gpt4o-mini", "predefined-gemini-2.5-pro-preview");

        HttpResponse<String> unknown = ask("mistral-large", "hi");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(queries).hasSize(3);

        List<String> listed = json(gw.get("/v1/models", "authorization", "Bearer " + CLIENT).body())
                .path("data").findValuesAsText("id");
        assertThat(listed).contains("my-llama", "gpt-4o", "o3", "o3-mini", "gpt-4.1", "deepseek-v3", "deepseek-r1",
                "claude-4-sonnet", "gemini-2.5-pro").doesNotContain("mistral-large");
    }

    @Test
    void conversationIsCarriedInTheDocumentedLayout() {
        twoKeys();

        assertThat(chat("""
                {"model":"gpt-4o","messages":[{"role":"system","content":"Be kind."},
                  {"role":"user","content":"Hi, I'm Ada."},{"role":"assistant","content":"Hello Ada!"},
                  {"role":"user","content":"What's my name?"}]}""").statusCode()).isEqualTo(200);

        JsonNode sent = json(queries.getFirst().body());
        assertThat(sent.path("query").asText()).isEqualTo("""
                <conversation_history>
                <message role="user">
                Hi, I'm Ada.
                </message>
                <message role="assistant">
                Hello Ada!
                </message>
                </conversation_history>

                What's my name?""");
        assertThat(sent.at("/modelConfigs/fulfillmentPrompt").asText()).isEqualTo("Be kind.");

        HttpResponse<String> image = chat("""
                {"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"what is this?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}""");
        assertThat(image.statusCode()).isEqualTo(400);
        assertThat(json(image.body()).at("/error/message").asText()).contains("text only");
        assertThat(queries).hasSize(1);
    }

    @Test
    void raceModeQueriesBothKeysOnTheirOwnSessionsAndTheFirstContentWins() {
        gateway("""
                race: {enabled: true, racers: 2}
                providers:
                  - type: ondemand
                    base_url: %s/chat/v1
                    strategy: fill_first
                    keys: [%s, %s]
                """.formatted(ondemand.baseUrl(), A, B), Map.of());
        answer = (key, body) -> key.equals(A)
                ? defaultAnswer(body, "Hello from A").delayed(Duration.ofMillis(1500))
                : defaultAnswer(body, "Hello from B");

        HttpResponse<String> s = chat("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(streamedText(s)).isEqualTo("Hello from B");
        assertThat(sessions.values()).containsExactlyInAnyOrder(A, B);
        assertThat(queries).extracting(q -> q.header("apikey")).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void whenEveryOnDemandKeyFailsTheRequestMovesToTheNextProvider() {
        FakeUpstream openai = FakeUpstream.start(vertx);
        try {
            gateway("""
                    providers:
                      - type: ondemand
                        base_url: %s/chat/v1
                        keys: [%s, %s]
                      - type: openai
                        base_url: %s/v1
                        keys: [sk-openai-000000000001]
                    """.formatted(ondemand.baseUrl(), A, B, openai.baseUrl()), Map.of());
            answer = (key, body) -> Reply.json(503, "{\"message\":\"Service unavailable\",\"errorCode\":\"resource_unavailable\"}");
            openai.enqueue(Reply.json(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"from OpenAI\"},"
                    + "\"finish_reason\":\"stop\"}]}"));

            HttpResponse<String> r = ask("gpt-4o", "hi");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(content(r)).isEqualTo("from OpenAI");
            assertThat(queries).extracting(q -> q.header("apikey")).containsExactlyInAnyOrder(A, B);
            assertThat(json(openai.takeRequest().body()).path("model").asText()).isEqualTo("gpt-4o");
        } finally {
            openai.close();
        }
    }
}
