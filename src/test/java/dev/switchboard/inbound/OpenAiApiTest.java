package dev.switchboard.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.TestGateway;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible surface end to end: real HTTP on loopback, a fake Gemini API behind it. */
class OpenAiApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = TestGateway.GEMINI_KEY;

    Vertx upstreamVertx;
    FakeUpstream gemini;
    TestGateway gw;

    @BeforeEach
    void start() {
        upstreamVertx = Vertx.vertx();
        gemini = FakeUpstream.start(upstreamVertx);
        gw = TestGateway.withGemini(gemini, "{}", Map.of("SWITCHBOARD_MAX_BODY_BYTES", "4096"));
    }

    @AfterEach
    void stop() {
        gw.close();
        gemini.close();
        upstreamVertx.close();
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    HttpResponse<String> chat(String body) {
        return gw.post("/v1/chat/completions", body, "authorization", "Bearer sk-client-1");
    }

    @Test
    void nonStreamingAnswerIsTranslatedAndKeepsTheClientsModelName() {
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("Hello there")));

        HttpResponse<String> r = chat("""
                {"model":"gemini-2.5-flash","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],
                 "temperature":0.2,"max_tokens":50}""");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("gemini-2.5-flash");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello there");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(12);
        assertThat(r.headers().firstValue("x-request-id")).isPresent();

        FakeUpstream.Recorded seen = gemini.takeRequest();
        assertThat(seen.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(seen.header("x-goog-api-key")).isEqualTo(KEY);
        assertThat(seen.header("authorization")).isNull();
        assertThat(seen.body()).doesNotContain("sk-client-1");
        JsonNode sent = json(seen.body());
        assertThat(sent.at("/systemInstruction/parts/0/text").asText()).isEqualTo("be brief");
        assertThat(sent.at("/contents/0/role").asText()).isEqualTo("user");
        assertThat(sent.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(50);
    }

    @Test
    void streamSplitAtOddBoundariesArrivesAsWellFormedChunks() {
        String sse = "data: " + GeminiFixtures.chunk("Hel", null) + "\r\n\r\n"
                + "data: " + GeminiFixtures.chunk("lo wörld", null) + "\r\n\r\n"
                + "data: " + GeminiFixtures.chunk("!", "STOP") + "\r\n\r\n";
        gemini.enqueue(Reply.sse(sse, Duration.ofMillis(5), 3, 17, 101, 102, 250, 251, 333));

        HttpResponse<String> r = chat("""
                {"model":"gemini-2.5-flash","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"hi"}]}""");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<String> data = TestGateway.sseData(r.body());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = data.subList(0, data.size() - 1).stream().map(OpenAiApiTest::json).toList();
        assertThat(chunks.getFirst().at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        int finishes = 0;
        for (JsonNode c : chunks) {
            assertThat(c.path("model").asText()).isEqualTo("gemini-2.5-flash");
            for (JsonNode ch : c.path("choices")) {
                text.append(ch.at("/delta/content").asText(""));
                if (!ch.path("finish_reason").isNull()) finishes++;
            }
        }
        assertThat(text.toString()).isEqualTo("Hello wörld!");
        assertThat(finishes).isEqualTo(1);
        JsonNode lastChoiceChunk = chunks.stream().filter(c -> c.path("choices").size() > 0).reduce((a, b) -> b).orElseThrow();
        assertThat(lastChoiceChunk.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.getLast().path("choices").size()).isZero();
        assertThat(chunks.getLast().at("/usage/total_tokens").asInt()).isEqualTo(10);

        FakeUpstream.Recorded seen = gemini.takeRequest();
        assertThat(seen.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
        assertThat(seen.query()).isEqualTo("alt=sse");
    }

    @Test
    void streamThatDiesMidwayEndsWithAnErrorAndNeverWithStop() {
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("partial ", null),
                GeminiFixtures.chunk("answer", null)).dying());

        HttpResponse<String> r = chat("""
                {"model":"gemini-2.5-flash","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("partial ").doesNotContain("\"finish_reason\":\"stop\"");
        List<String> data = TestGateway.sseData(r.body());
        assertThat(data.stream().anyMatch(d -> d.contains("\"error\""))).isTrue();
    }

    @Test
    void clientThatLeavesMidStreamAbortsTheUpstreamAtOnce() throws Exception {
        String[] events = new String[40];
        for (int i = 0; i < events.length; i++) events[i] = GeminiFixtures.chunk("tok" + i + " ", null);
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(100), events));

        HttpResponse<InputStream> r = gw.postStreaming("/v1/chat/completions", """
                {"model":"gemini-2.5-flash","stream":true,"messages":[{"role":"user","content":"hi"}]}""",
                "authorization", "Bearer sk-client-1");
        InputStream in = r.body();
        byte[] first = new byte[64];
        assertThat(in.read(first)).isPositive();
        in.close();

        assertThat(gemini.awaitConnectionClosed(Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void upstreamClientErrorIsReturnedInOpenAiShapeWithItsMessage() {
        gemini.enqueue(Reply.json(400, GeminiFixtures.error(400, "INVALID_ARGUMENT",
                "* GenerateContentRequest.contents: contents is not specified")));

        HttpResponse<String> r = chat("""
                {"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}]}""");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = json(r.body()).path("error");
        assertThat(err.path("message").asText()).contains("contents is not specified");
        assertThat(err.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(gemini.requestCount()).isEqualTo(1);
    }

    @Test
    void aChunkedBodyWithoutALengthIsCountedAsItArrives() throws Exception {
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("ok")));
        String small = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "y".repeat(3000) + "\"}]}";
        String big = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(5000) + "\"}]}";

        HttpResponse<String> ok = chunked(small);
        HttpResponse<String> tooBig = chunked(big);

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(gemini.takeRequest().body()).contains("y".repeat(3000));
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(json(tooBig.body()).at("/error/message").asText()).contains("4096");
        assertThat(gemini.requestCount()).isEqualTo(1);
    }

    /** A POST whose body is streamed in 500-byte pieces with no Content-Length (chunked transfer encoding). */
    HttpResponse<String> chunked(String body) throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(gw.url("/v1/chat/completions")))
                .header("authorization", "Bearer sk-client-1").header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.BufferedInputStream(
                        new java.io.ByteArrayInputStream(bytes), 500) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) throws java.io.IOException {
                        return super.read(b, off, Math.min(len, 500));
                    }
                }))
                .build();
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(req, HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void badInputGetsClearOpenAiErrors() {
        HttpResponse<String> malformed = chat("{\"model\":\"gemini-2.5-flash\",\"messages\":[");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");

        HttpResponse<String> wrongType = chat("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(json(wrongType.body()).at("/error/param").asText()).isEqualTo("temperature");

        HttpResponse<String> tooBig = chat("{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat(5000) + "\"}]}");
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(json(tooBig.body()).at("/error/message").asText()).contains("4096");

        HttpResponse<String> unknownModel = chat("{\"model\":\"\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(unknownModel.statusCode()).isEqualTo(400);

        assertThat(gemini.requestCount()).isZero();
    }

    @Test
    void missingOrWrongClientKeyIs401AndNoKeyIsEcho() {
        String body = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> none = gw.post("/v1/chat/completions", body);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none.body()).at("/error/type").asText()).isEqualTo("authentication_error");

        HttpResponse<String> wrong = gw.post("/v1/chat/completions", body, "authorization", "Bearer sk-nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("sk-nope");

        for (String[] h : new String[][] {{"x-api-key", "sk-client-1"}, {"x-goog-api-key", "sk-client-1"}}) {
            gemini.enqueue(Reply.json(200, GeminiFixtures.text("ok")));
            assertThat(gw.post("/v1/chat/completions", body, h[0], h[1]).statusCode()).isEqualTo(200);
            assertThat(gemini.takeRequest().header("x-goog-api-key")).isEqualTo(KEY);
        }
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("ok")));
        assertThat(gw.post("/v1/chat/completions?key=sk-client-1", body).statusCode()).isEqualTo(200);
        assertThat(gemini.takeRequest().query()).doesNotContain("sk-client-1");
    }

    @Test
    void statusNeedsNoKeyAndRevealsNoSecret() {
        HttpResponse<String> r = gw.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"providers\"").contains("gemini").doesNotContain(KEY).doesNotContain("sk-client-1");
        assertThat(json(r.body()).at("/providers/0/credentials/0/id").asText()).contains("…");
    }

    @Test
    void unknownPathIs404InOpenAiShape() {
        HttpResponse<String> r = gw.get("/v1/nothing", "authorization", "Bearer sk-client-1");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r.body()).at("/error/message").asText()).contains("/v1/nothing");

        HttpResponse<String> wrongMethod = gw.get("/v1/chat/completions", "authorization", "Bearer sk-client-1");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod.body()).at("/error/message").asText()).contains("GET");
    }

    @Test
    void modelListMergesUpstreamModels() {
        gemini.dispatcher(rec -> rec.path().equals("/v1beta/models")
                ? Reply.json(200, "{\"models\":[{\"name\":\"models/gemini-2.5-flash\"},{\"name\":\"models/gemini-2.5-pro\"}]}")
                : Reply.json(404, GeminiFixtures.error(404, "NOT_FOUND", "no")));

        HttpResponse<String> r = gw.get("/v1/models", "authorization", "Bearer sk-client-1");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r.body());
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("data").findValuesAsText("id")).contains("gemini-2.5-flash", "gemini-2.5-pro");

        HttpResponse<String> one = gw.get("/v1/models/gemini-2.5-pro", "authorization", "Bearer sk-client-1");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one.body()).path("id").asText()).isEqualTo("gemini-2.5-pro");
        assertThat(gw.get("/v1/models/nope", "authorization", "Bearer sk-client-1").statusCode()).isEqualTo(404);
    }
}
