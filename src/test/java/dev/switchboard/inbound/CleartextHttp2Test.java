package dev.switchboard.inbound;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static dev.switchboard.testing.ChatBodies.STREAM;
import static dev.switchboard.format.JsonTestSupport.tree;
import static dev.switchboard.testing.FakeUpstream.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that speak HTTP/2 without TLS (h2c): a load balancer or platform that keeps HTTP/2 to its backends
 * (Cloud Run's end-to-end HTTP/2, Envoy) opens with the connection preface, and an HTTP/1.1 client may ask to
 * upgrade. Answers, streams, errors and hang-ups behave as over HTTP/1.1.
 */
class CleartextHttp2Test {
    static final String KEY = TestGateway.GEMINI_KEY;

    Vertx vertx;
    FakeUpstream gemini;
    TestGateway gw;
    HttpClientAgent h2;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        gemini = FakeUpstream.start(vertx);
        gw = TestGateway.withGemini(gemini, "{}", Map.of("MAX_ATTEMPTS", "1"));
        // prior knowledge: the HTTP/2 preface straight away, no upgrade
        h2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    }

    @AfterEach
    void stop() {
        await(h2.close());
        gw.close();
        gemini.close();
        await(vertx.close());
    }

    record Answer(int status, HttpVersion version, String contentType, String body) {}

    Answer post(String path, String body) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(gw.port())
                .setURI(path).putHeader("authorization", "Bearer sk-client-1").putHeader("content-type", "application/json");
        return await(h2.request(o).compose(req -> req.send(body)).compose(resp -> resp.body()
                .map(b -> new Answer(resp.statusCode(), resp.version(), resp.getHeader("content-type"), b.toString()))));
    }

    @Test
    void answersAndStreamsOverPriorKnowledgeHttp2() {
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("over h2c")));
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("two ", null),
                GeminiFixtures.chunk("frames", "STOP")));

        Answer answer = post("/v1/chat/completions", CHAT);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(tree(answer.body()).at("/choices/0/message/content").asText()).isEqualTo("over h2c");

        Answer stream = post("/v1/chat/completions", STREAM);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        assertThat(TestGateway.streamedText(stream.body())).isEqualTo("two frames");
        assertThat(TestGateway.sseData(stream.body())).last().isEqualTo("[DONE]");
    }

    @Test
    void theNativeGeminiApiStreamsOverHttp2Too() {
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("native ", null),
                GeminiFixtures.chunk("h2", "STOP")));
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(gw.port())
                .setURI("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")
                .putHeader("x-goog-api-key", "sk-client-1").putHeader("content-type", "application/json");
        Answer a = await(h2.request(o).compose(req -> req.send("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"))
                .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), resp.version(), resp.getHeader("content-type"), b.toString()))));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.version()).isEqualTo(HttpVersion.HTTP_2);
        StringBuilder text = new StringBuilder();
        for (String d : TestGateway.sseData(a.body())) text.append(tree(d).at("/candidates/0/content/parts/0/text").asText(""));
        assertThat(text.toString()).isEqualTo("native h2");
    }

    @Test
    void clientMistakesGetTheirErrorObjectOverHttp2() {
        Answer bad = post("/v1/chat/completions", "{\"model\": ");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(tree(bad.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(gemini.requestCount()).isZero();
    }

    /** A client that resets its stream (RST_STREAM) is gone: the upstream answer is stopped, not read to the end. */
    @Test
    void aResetStreamStopsTheUpstreamAnswer() {
        String[] events = new String[200];
        for (int i = 0; i < events.length; i++) events[i] = GeminiFixtures.chunk("w" + i + " ", i == events.length - 1 ? "STOP" : null);
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(20), events));
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(gw.port())
                .setURI("/v1/chat/completions").putHeader("authorization", "Bearer sk-client-1");
        CompletableFuture<Void> firstEvent = new CompletableFuture<>();
        await(h2.request(o).compose(req -> {
            req.response().onSuccess((HttpClientResponse resp) -> resp.handler((Buffer b) -> {
                if (b.toString().contains("w0 ") && firstEvent.complete(null)) req.reset();
            }));
            return req.send(STREAM);
        }));
        firstEvent.join();
        // over HTTP/1.1 upstream, stopping the answer means closing its connection
        assertThat(gemini.awaitConnectionClosed(Duration.ofSeconds(3))).isTrue();
    }

    /** An HTTP/1.1 client may ask to switch (Upgrade: h2c); the JDK's client does for a request without a body. */
    @Test
    void anHttp11ClientMayUpgrade() throws Exception {
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> models = jdk.send(HttpRequest.newBuilder(URI.create(gw.url("/v1/models")))
                .header("authorization", "Bearer sk-client-1").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(tree(models.body()).path("data").isArray()).isTrue();
    }
}
