package dev.switchboard.upstream;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static dev.switchboard.testing.ChatBodies.STREAM;
import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.Env;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.TestCertificates;
import dev.switchboard.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 to upstreams ({@code upstream.http2}): offered by ALPN on TLS, as Google's front ends accept it. Streams
 * then share a connection, a client that hangs up resets its own stream and nothing else, a GOAWAY moves new
 * requests to a new connection, and an upstream without HTTP/2 is spoken to in HTTP/1.1 as before.
 */
class Http2UpstreamTest {
    static final String KEY = "AIzaHttp2TestKey0000000000000000000001";

    @TempDir
    static Path dir;
    static TestCertificates localhost;

    Vertx vertx;
    FakeUpstream gemini;
    TestGateway gw;
    ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeAll
    static void certificates() {
        localhost = TestCertificates.create(dir, "localhost");
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        if (gw != null) gw.close();
        if (gemini != null) gemini.close();
        vertx.close();
    }

    void upstream(boolean offersHttp2) {
        gemini = FakeUpstream.startTls(vertx, localhost.serverOptions(), offersHttp2);
    }

    void gateway(Optional<Boolean> http2) {
        Map<String, String> env = new HashMap<>(Map.of("GEMINI_API_KEYS", KEY, "GEMINI_BASE_URL", gemini.baseUrl("localhost"),
                "UPSTREAM_CA_FILE", localhost.pem().toString(), "MAX_ATTEMPTS", "1"));
        http2.ifPresent(on -> env.put("UPSTREAM_HTTP2", on.toString()));
        gw = TestGateway.start("{}", env);
    }

    static Reply words(Duration gap, int n) {
        String[] events = new String[n];
        for (int i = 0; i < n; i++) events[i] = GeminiFixtures.chunk("w" + i + " ", i == n - 1 ? "STOP" : null);
        return Reply.sseEvents(gap, events);
    }

    static String wordsText(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append("w").append(i).append(' ');
        return s.toString();
    }

    @Test
    void answersAndStreamsOverHttp2WhenTheUpstreamOffersIt() {
        upstream(true);
        gateway(Optional.of(true));
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("over h2")));
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("multiplexed ", null),
                GeminiFixtures.chunk("stream", "STOP")));

        HttpResponse<String> answer = gw.post("/v1/chat/completions", CHAT);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(tree(answer.body()).at("/choices/0/message/content").asText()).isEqualTo("over h2");
        HttpResponse<String> stream = gw.post("/v1/chat/completions", STREAM);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(TestGateway.streamedText(stream.body())).isEqualTo("multiplexed stream");

        assertThat(gemini.takeRequest().header("x-goog-api-key")).isEqualTo(KEY);
        assertThat(gemini.versions()).containsExactly(HttpVersion.HTTP_2, HttpVersion.HTTP_2);
        assertThat(gemini.serverNames()).isNotEmpty().allMatch("localhost"::equals);
        assertThat(gemini.openedConnections()).isEqualTo(1);
    }

    /** Eight streams at once: one connection with HTTP/2, eight with HTTP/1.1 (one request in flight each). */
    @Test
    void concurrentStreamsShareOneConnection() throws Exception {
        assertThat(connectionsForConcurrentStreams(true)).isEqualTo(1);
        assertThat(connectionsForConcurrentStreams(false)).isEqualTo(8);
    }

    int connectionsForConcurrentStreams(boolean http2) throws Exception {
        if (gw != null) gw.close();
        if (gemini != null) gemini.close();
        upstream(true);
        gateway(Optional.of(http2));
        gemini.dispatcher(rec -> words(Duration.ofMillis(40), 5));
        List<Future<HttpResponse<String>>> streams = new ArrayList<>();
        for (int i = 0; i < 8; i++) streams.add(clients.submit(() -> gw.post("/v1/chat/completions", STREAM)));
        for (Future<HttpResponse<String>> f : streams) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(TestGateway.streamedText(r.body())).isEqualTo(wordsText(5));
        }
        assertThat(gemini.versions()).hasSize(8).containsOnly(http2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1);
        return gemini.openedConnections();
    }

    /**
     * Over HTTP/1.1 the only way to stop an upstream answer is to close its connection; over HTTP/2 the stream is
     * reset (RST_STREAM) and the connection, with the other streams on it, carries on.
     */
    @Test
    void aClientThatHangsUpResetsOnlyItsOwnStream() throws Exception {
        upstream(true);
        gateway(Optional.of(true));
        gemini.dispatcher(rec -> rec.body().contains("long") ? words(Duration.ofMillis(50), 100) : words(Duration.ofMillis(50), 8));
        String longStream = STREAM.replace("\"hi\"", "\"long\"");

        HttpResponse<InputStream> hangingUp = gw.postStreaming("/v1/chat/completions", longStream);
        assertThat(hangingUp.statusCode()).isEqualTo(200);
        Future<HttpResponse<String>> other = clients.submit(() -> gw.post("/v1/chat/completions", STREAM));
        try (BufferedReader r = new BufferedReader(new InputStreamReader(hangingUp.body(), StandardCharsets.UTF_8))) {
            String line;
            do line = r.readLine(); while (line != null && !line.contains("w1 "));
            assertThat(line).contains("w1 ");
        }   // closing the reader closes the client's connection mid-stream

        HttpResponse<String> r = other.get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestGateway.streamedText(r.body())).isEqualTo(wordsText(8));
        assertThat(gemini.awaitConnectionClosed(Duration.ofMillis(300))).as("the upstream connection stays open").isFalse();
        HttpResponse<String> after = gw.post("/v1/chat/completions", STREAM);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(gemini.openedConnections()).isEqualTo(1);
        assertThat(gemini.versions()).hasSize(3).containsOnly(HttpVersion.HTTP_2);
    }

    @Test
    void throughAnHttpOrSocks5ProxyTheTunnelCarriesHttp2() {
        upstream(true);
        TlsUpstreamTest.chatsThroughProxies(vertx, gemini, localhost.pem(), true);
        assertThat(gemini.versions()).hasSize(4).containsOnly(HttpVersion.HTTP_2);
    }

    @Test
    void afterAGoAwayNewRequestsGoOnANewConnection() {
        upstream(true);
        gateway(Optional.of(true));
        gemini.goAwayAfterEachReply();
        gemini.dispatcher(rec -> Reply.json(200, GeminiFixtures.text("fine")));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT);
            assertThat(r.statusCode()).as("request %d", i).isEqualTo(200);
            assertThat(tree(r.body()).at("/choices/0/message/content").asText()).isEqualTo("fine");
        }
        assertThat(gemini.openedConnections()).isEqualTo(3);
        assertThat(gemini.versions()).containsOnly(HttpVersion.HTTP_2);
    }

    @Test
    void anUpstreamWithoutHttp2IsSpokenToInHttp11() {
        upstream(false);
        gateway(Optional.of(true));
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("still h1")));
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("old ", null), GeminiFixtures.chunk("wire", "STOP")));

        assertThat(tree(gw.post("/v1/chat/completions", CHAT).body()).at("/choices/0/message/content").asText()).isEqualTo("still h1");
        assertThat(TestGateway.streamedText(gw.post("/v1/chat/completions", STREAM).body())).isEqualTo("old wire");
        assertThat(gemini.versions()).containsExactly(HttpVersion.HTTP_1_1, HttpVersion.HTTP_1_1);
    }

    @Test
    void offUnlessAskedFor() {
        upstream(true);
        gateway(Optional.empty());
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("h1 by default")));
        assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(gemini.versions()).containsExactly(HttpVersion.HTTP_1_1);
    }

    @Test
    void theSettingComesFromYamlOrTheEnvironment() {
        assertThat(new ConfigLoader(new Env(Map.of())).parse("upstream: {http2: true}", Optional.empty()).upstream().http2()).isTrue();
        assertThat(new ConfigLoader(new Env(Map.of())).parse("{}", Optional.empty()).upstream().http2()).isFalse();
        assertThat(new ConfigLoader(new Env(Map.of("UPSTREAM_HTTP2", "false"))).parse("upstream: {http2: true}", Optional.empty())
                .upstream().http2()).isFalse();
        assertThatThrownBy(() -> new ConfigLoader(new Env(Map.of("UPSTREAM_HTTP2", "h2"))).parse("{}", Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UPSTREAM_HTTP2");
        assertThatThrownBy(() -> new ConfigLoader(new Env(Map.of())).parse("upstream: {http2: sometimes}", Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http2");
    }
}
