package dev.switchboard.upstream;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Recorded;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.ServiceAccounts;
import dev.switchboard.testing.TestGateway;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Vertex AI end to end: a real gateway, configured the way users do (environment short forms, YAML), in
 * front of one fake that plays both Vertex AI and Google's token endpoint.
 */
class VertexProviderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLIENT_KEY = "sk-client-1";
    static final String EXPRESS_KEY = "AQ.Ab8RN6express-key-0001";
    static final String EXPRESS_KEY_2 = "AQ.Ab8RN6express-key-0002";

    Vertx upstreamVertx;
    FakeUpstream google;
    TestGateway gw;
    MutableClock clock = MutableClock.at("2025-06-01T12:00:00Z");
    final AtomicInteger tokensIssued = new AtomicInteger();
    final Map<String, String> tokenOwner = new ConcurrentHashMap<>();
    final LinkedBlockingQueue<Recorded> tokenRequests = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<Recorded> vertexRequests = new LinkedBlockingQueue<>();
    volatile Function<Recorded, Reply> vertex = r -> Reply.json(200, GeminiFixtures.text("Hello from Vertex"));
    volatile Function<Recorded, Reply> tokenEndpoint = r -> issueToken(r);
    String sa1;
    String sa2;

    @BeforeEach
    void start() {
        upstreamVertx = Vertx.vertx();
        google = FakeUpstream.start(upstreamVertx);
        google.dispatcher(r -> {
            if (r.path().equals("/token")) {
                tokenRequests.add(r);
                return tokenEndpoint.apply(r);
            }
            vertexRequests.add(r);
            return vertex.apply(r);
        });
        sa1 = ServiceAccounts.keyJson(ServiceAccounts.keyPair(0), "one@proj-a.iam.gserviceaccount.com", "proj-a", google.baseUrl() + "/token");
        sa2 = ServiceAccounts.keyJson(ServiceAccounts.keyPair(1), "two@proj-b.iam.gserviceaccount.com", "proj-b", google.baseUrl() + "/token");
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        google.close();
        upstreamVertx.close();
    }

    Reply issueToken(Recorded r) {
        String email = ServiceAccounts.jwtPart(ServiceAccounts.form(r.body()).get("assertion"), 1).path("iss").asText();
        String token = "ya29." + email.substring(0, email.indexOf('@')) + "-" + tokensIssued.incrementAndGet();
        tokenOwner.put(token, email);
        return Reply.json(200, ServiceAccounts.tokenAnswer(token, 3599));
    }

    void startGateway(String yaml, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("SWITCHBOARD_API_KEYS", CLIENT_KEY);
        gw = TestGateway.start(yaml, all, clock);
    }

    Map<String, String> serviceAccountEnv(String keys) {
        return new HashMap<>(Map.of("GOOGLE_CREDENTIALS_JSON", keys, "VERTEX_BASE_URL", google.baseUrl()));
    }

    HttpResponse<String> chat(String body) {
        return gw.post("/v1/chat/completions", body, "authorization", "Bearer " + CLIENT_KEY);
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static Recorded take(LinkedBlockingQueue<Recorded> q) {
        try {
            Recorded r = q.poll(10, TimeUnit.SECONDS);
            if (r == null) throw new AssertionError("no request within 10 s");
            return r;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void serviceAccountCallsTheProjectAndLocationUrlWithABearerToken() {
        Map<String, String> env = serviceAccountEnv(sa1);
        env.put("GCP_LOCATION", "europe-west4");
        startGateway("{}", env);

        HttpResponse<String> r = chat(CHAT);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).at("/choices/0/message/content").asText()).isEqualTo("Hello from Vertex");
        Recorded call = take(vertexRequests);
        assertThat(call.path()).isEqualTo("/v1/projects/proj-a/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent");
        assertThat(call.header("authorization")).isEqualTo("Bearer ya29.one-1");
        assertThat(call.header("x-goog-api-key")).isNull();
        assertThat(call.body()).doesNotContain(CLIENT_KEY);

        Recorded tokenCall = take(tokenRequests);
        String jwt = ServiceAccounts.form(tokenCall.body()).get("assertion");
        assertThat(ServiceAccounts.verifies(jwt, ServiceAccounts.keyPair(0).getPublic())).isTrue();
        assertThat(ServiceAccounts.jwtPart(jwt, 0).path("kid").asText()).isEqualTo(ServiceAccounts.keyId("one@proj-a.iam.gserviceaccount.com"));
        JsonNode claims = ServiceAccounts.jwtPart(jwt, 1);
        assertThat(claims.path("iss").asText()).isEqualTo("one@proj-a.iam.gserviceaccount.com");
        assertThat(claims.path("aud").asText()).isEqualTo(google.baseUrl() + "/token");
        assertThat(claims.path("scope").asText()).isEqualTo("https://www.googleapis.com/auth/cloud-platform");

        vertex = rec -> Reply.sseEvents(Duration.ZERO, GeminiFixtures.chunk("a", null), GeminiFixtures.chunk("b", "STOP"));
        HttpResponse<String> stream = chat(CHAT.replace("}]}", "}],\"stream\":true}"));
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body()).contains("data: [DONE]");
        Recorded streamed = take(vertexRequests);
        assertThat(streamed.path()).endsWith("/models/gemini-2.5-flash:streamGenerateContent");
        assertThat(streamed.query()).isEqualTo("alt=sse");
        assertThat(streamed.header("authorization")).isEqualTo("Bearer ya29.one-1");
        assertThat(tokensIssued.get()).isEqualTo(1);
    }

    @Test
    void projectOverrideAndGlobalLocation() {
        Map<String, String> env = serviceAccountEnv(sa1);
        env.put("GCP_PROJECT_ID", "billing-proj");
        env.put("GCP_LOCATION", "global");
        startGateway("{}", env);

        assertThat(chat(CHAT).statusCode()).isEqualTo(200);

        assertThat(take(vertexRequests).path())
                .isEqualTo("/v1/projects/billing-proj/locations/global/publishers/google/models/gemini-2.5-flash:generateContent");
    }

    @Test
    void tokenIsReusedUntilNearExpiryThenRefreshedOnceUnderConcurrentLoad() throws Exception {
        startGateway("{}", serviceAccountEnv(sa1));
        assertThat(chat(CHAT).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(50));
        assertThat(chat(CHAT).statusCode()).isEqualTo(200);
        assertThat(tokensIssued.get()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(20));
        tokenEndpoint = r -> issueToken(r).delayed(Duration.ofMillis(300));
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(12)) {
            for (int i = 0; i < 12; i++) answers.add(CompletableFuture.supplyAsync(() -> chat(CHAT), clients));
            for (CompletableFuture<HttpResponse<String>> a : answers) assertThat(a.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        assertThat(tokensIssued.get()).isEqualTo(2);
        assertThat(tokenRequests).hasSize(2);
        List<String> bearers = vertexRequests.stream().map(r -> r.header("authorization")).toList();
        assertThat(bearers).hasSize(14);
        assertThat(bearers.subList(2, 14)).containsOnly("Bearer ya29.one-2");
    }

    @Test
    void expressKeysCallThePublisherUrlWithTheKeyHeader() {
        startGateway("{}", Map.of("VERTEX_EXPRESS_API_KEY", EXPRESS_KEY, "VERTEX_EXPRESS_BASE_URL", google.baseUrl()));

        assertThat(chat(CHAT).statusCode()).isEqualTo(200);
        Recorded call = take(vertexRequests);
        assertThat(call.path()).isEqualTo("/v1/publishers/google/models/gemini-2.5-flash:generateContent");
        assertThat(call.header("x-goog-api-key")).isEqualTo(EXPRESS_KEY);
        assertThat(call.header("authorization")).isNull();

        vertex = rec -> Reply.sseEvents(Duration.ZERO, GeminiFixtures.chunk("a", null), GeminiFixtures.chunk("b", "STOP"));
        HttpResponse<String> stream = chat(CHAT.replace("}]}", "}],\"stream\":true}"));
        assertThat(stream.statusCode()).isEqualTo(200);
        Recorded streamed = take(vertexRequests);
        assertThat(streamed.path()).isEqualTo("/v1/publishers/google/models/gemini-2.5-flash:streamGenerateContent");
        assertThat(streamed.query()).isEqualTo("alt=sse");
        assertThat(tokenRequests).isEmpty();
    }

    @Test
    void rateLimitedServiceAccountFailsOverToTheNextOne() {
        startGateway("{}", serviceAccountEnv(sa1 + "," + sa2));
        vertex = rec -> rec.path().contains("/projects/proj-a/")
                ? Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel", "30s"))
                : Reply.json(200, GeminiFixtures.text("from b"));

        HttpResponse<String> r = chat(CHAT);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).at("/choices/0/message/content").asText()).isEqualTo("from b");
        Recorded first = take(vertexRequests);
        Recorded second = take(vertexRequests);
        assertThat(first.path()).contains("/projects/proj-a/");
        assertThat(tokenOwner.get(first.header("authorization").substring(7))).startsWith("one@");
        assertThat(second.path()).contains("/projects/proj-b/");
        assertThat(tokenOwner.get(second.header("authorization").substring(7))).startsWith("two@");

        assertThat(chat(CHAT).statusCode()).isEqualTo(200);
        assertThat(take(vertexRequests).path()).contains("/projects/proj-b/");
    }

    @Test
    void revokedServiceAccountKeyFailsOverToTheNextOne() {
        startGateway("{}", serviceAccountEnv(sa1 + "," + sa2));
        tokenEndpoint = r -> ServiceAccounts.jwtPart(ServiceAccounts.form(r.body()).get("assertion"), 1).path("iss").asText().startsWith("one@")
                ? Reply.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")
                : issueToken(r);

        HttpResponse<String> r = chat(CHAT);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(take(vertexRequests).path()).contains("/projects/proj-b/");
        HttpResponse<String> health = gw.get("/health");
        assertThat(health.body()).doesNotContain("PRIVATE KEY").doesNotContain("ya29.");
    }

    @Test
    void exhaustedExpressKeysHandOverToServiceAccounts() {
        Map<String, String> env = serviceAccountEnv(sa1);
        env.put("EXPRESS", EXPRESS_KEY + "," + EXPRESS_KEY_2);
        env.put("VERTEX_EXPRESS_BASE_URL", google.baseUrl());
        startGateway("{}", env);
        vertex = rec -> rec.path().startsWith("/v1/publishers/")
                ? Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel", "60s"))
                : Reply.json(200, GeminiFixtures.text("from the service account"));

        HttpResponse<String> r = chat(CHAT);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).at("/choices/0/message/content").asText()).isEqualTo("from the service account");
        List<String> keysTried = new ArrayList<>();
        Recorded last = null;
        for (int i = 0; i < 3; i++) {
            last = take(vertexRequests);
            if (last.path().startsWith("/v1/publishers/")) keysTried.add(last.header("x-goog-api-key"));
        }
        assertThat(keysTried).containsExactlyInAnyOrder(EXPRESS_KEY, EXPRESS_KEY_2);
        assertThat(last.path()).startsWith("/v1/projects/proj-a/");

        assertThat(chat(CHAT).statusCode()).isEqualTo(200);
        assertThat(take(vertexRequests).path()).startsWith("/v1/projects/proj-a/");
    }

    @Test
    void expressServesItsModelsAndServiceAccountsTheRest() {
        String yaml = """
                providers:
                  - type: vertex_express
                    base_url: %s
                    credentials:
                      - key: %s
                        models: [gemini-2.5-flash]
                """.formatted(google.baseUrl(), EXPRESS_KEY);
        startGateway(yaml, serviceAccountEnv(sa1));

        assertThat(chat(CHAT).statusCode()).isEqualTo(200);
        assertThat(take(vertexRequests).path()).startsWith("/v1/publishers/google/models/gemini-2.5-flash:");

        assertThat(chat(CHAT.replace("gemini-2.5-flash", "gemini-2.5-pro")).statusCode()).isEqualTo(200);
        assertThat(take(vertexRequests).path()).startsWith("/v1/projects/proj-a/locations/us-central1/publishers/google/models/gemini-2.5-pro:");
    }

    @Test
    void modelListComesFromVertexWithTheServiceAccountsToken() {
        startGateway("{}", serviceAccountEnv(sa1));
        vertex = rec -> !rec.query().contains("pageToken")
                ? Reply.json(200, """
                        {"publisherModels": [
                          {"name": "publishers/google/models/gemini-2.5-flash", "versionId": "default"},
                          {"name": "publishers/google/models/imagen-4.0-generate-001", "versionId": "default"}
                        ], "nextPageToken": "p2"}""")
                : Reply.json(200, "{\"publisherModels\": [{\"name\": \"publishers/google/models/gemini-2.5-pro\"}]}");

        HttpResponse<String> r = gw.get("/v1/models", "authorization", "Bearer " + CLIENT_KEY);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).path("data").findValuesAsText("id")).contains("gemini-2.5-flash", "gemini-2.5-pro")
                .doesNotContain("imagen-4.0-generate-001");
        Recorded list = take(vertexRequests);
        assertThat(list.path()).isEqualTo("/v1beta1/publishers/google/models");
        assertThat(list.header("authorization")).isEqualTo("Bearer ya29.one-1");
        assertThat(list.header("x-goog-user-project")).isEqualTo("proj-a");
        assertThat(take(vertexRequests).query()).contains("pageToken=p2");
    }

    static String openAiChunk(String content, String finish) {
        String delta = content == null ? "{}" : "{\"role\":\"assistant\",\"content\":" + JSON.valueToTree(content) + "}";
        String fin = finish == null ? "null" : "\"" + finish + "\"";
        return "{\"id\":\"chatcmpl-v1\",\"object\":\"chat.completion.chunk\",\"created\":1748779200,"
                + "\"model\":\"google/gemini-2.5-flash\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + fin + "}]}";
    }

    String directYaml() {
        return """
                providers:
                  - type: vertex
                    direct: true
                    base_url: %s
                    location: europe-west4
                    credentials:
                      - key: '%s'
                """.formatted(google.baseUrl(), sa1);
    }

    @Test
    void directModeStreamsFromTheOpenAiEndpointAndMovesSplitThinkTagsIntoReasoning() {
        startGateway(directYaml(), Map.of());
        vertex = rec -> Reply.sseEvents(Duration.ofMillis(2), openAiChunk("<thi", null),
                openAiChunk("nk>The user greets me. I gre", null), openAiChunk("et back.</th", null),
                openAiChunk("ink>\n\nHello", null), openAiChunk(" there!", null), openAiChunk(null, "stop"), "[DONE]");

        HttpResponse<String> r = chat("""
                {"model":"gemini-2.5-flash","stream":true,"reasoning_effort":"low","temperature":0.70,
                 "messages":[{"role":"user","content":"hi"}]}""");

        assertThat(r.statusCode()).isEqualTo(200);
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (String d : TestGateway.sseData(r.body())) {
            if (d.equals("[DONE]")) continue;
            JsonNode delta = json(d).at("/choices/0/delta");
            reasoning.append(delta.path("reasoning_content").asText(""));
            content.append(delta.path("content").asText(""));
        }
        assertThat(reasoning.toString()).isEqualTo("The user greets me. I greet back.");
        assertThat(content.toString()).isEqualTo("Hello there!");
        assertThat(r.body()).doesNotContain("<thi").doesNotContain("ink>");

        Recorded call = take(vertexRequests);
        assertThat(call.path()).isEqualTo("/v1/projects/proj-a/locations/europe-west4/endpoints/openapi/chat/completions");
        assertThat(call.header("authorization")).isEqualTo("Bearer ya29.one-1");
        JsonNode sent = json(call.body());
        assertThat(sent.path("model").asText()).isEqualTo("google/gemini-2.5-flash");
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("hi");
        assertThat(call.body()).contains("\"temperature\":0.70");
        assertThat(sent.at("/google/thought_tag_marker").asText()).isEqualTo("think");
        assertThat(sent.at("/google/thinking_config/include_thoughts").asBoolean()).isTrue();
    }

    @Test
    void directModeWholeAnswerAndGoogleErrors() {
        startGateway(directYaml(), Map.of());
        vertex = rec -> Reply.json(200, """
                {"id":"chatcmpl-v2","object":"chat.completion","created":1748779200,"model":"google/gemini-2.5-flash",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"<think>Short.</think>Hi!"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}""");

        HttpResponse<String> r = chat(CHAT);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode message = json(r.body()).at("/choices/0/message");
        assertThat(message.path("content").asText()).isEqualTo("Hi!");
        assertThat(message.path("reasoning_content").asText()).isEqualTo("Short.");
        JsonNode sent = json(take(vertexRequests).body());
        assertThat(sent.at("/google/thought_tag_marker").asText()).isEqualTo("think");
        assertThat(sent.at("/google/thinking_config").isMissingNode()).isTrue();

        vertex = rec -> Reply.json(400, "[{\"error\":{\"code\":400,\"message\":\"Unable to submit request because it has an empty text parameter.\",\"status\":\"INVALID_ARGUMENT\"}}]");
        HttpResponse<String> bad = chat(CHAT);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad.body()).at("/error/message").asText()).contains("empty text parameter");
    }
}
