package dev.switchboard.upstream;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static dev.switchboard.testing.ChatBodies.STREAM;
import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.Env;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.TestCertificates;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestProxies;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstreams over TLS, as every real provider is: a fake Gemini API behind HTTPS with a certificate made for
 * this run. The gateway must verify it (chain and host name), send the host name (SNI: Google's front ends
 * choose the certificate by it), and trust a private authority only when {@code upstream.ca_file} names it.
 */
class TlsUpstreamTest {
    static final String KEY = "AIzaTlsTestKey000000000000000000000001";

    @TempDir
    static Path dir;
    static TestCertificates localhost;

    Vertx vertx;
    FakeUpstream gemini;
    TestGateway gw;

    @BeforeAll
    static void certificates() {
        localhost = TestCertificates.create(dir, "localhost");
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        gemini = FakeUpstream.startTls(vertx, localhost.serverOptions());
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        gemini.close();
        vertx.close();
    }

    void gateway(String baseUrl, Optional<Path> caFile) {
        Map<String, String> env = new HashMap<>(Map.of("GEMINI_API_KEYS", KEY, "GEMINI_BASE_URL", baseUrl,
                "MAX_ATTEMPTS", "1"));
        caFile.ifPresent(f -> env.put("UPSTREAM_CA_FILE", f.toString()));
        gw = TestGateway.start("{}", env);
    }

    HttpResponse<String> chat(String body) {
        return gw.post("/v1/chat/completions", body);
    }

    @Test
    void answersAndStreamsOverTlsWithTheConfiguredAuthorityAndNamesTheHost() {
        gateway(gemini.baseUrl("localhost"), Optional.of(localhost.pem()));
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("over TLS")));
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("secure ", null),
                GeminiFixtures.chunk("stream", "STOP")));

        HttpResponse<String> answer = chat(CHAT);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(tree(answer.body()).at("/choices/0/message/content").asText()).isEqualTo("over TLS");

        HttpResponse<String> stream = chat(STREAM);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(TestGateway.streamedText(stream.body())).isEqualTo("secure stream");

        assertThat(gemini.takeRequest().header("x-goog-api-key")).isEqualTo(KEY);
        assertThat(gemini.serverNames()).isNotEmpty().allMatch("localhost"::equals);
    }

    @Test
    void throughAnHttpOrSocks5ProxyTheTlsSessionStillRunsToTheUpstreamItself() {
        chatsThroughProxies(vertx, gemini, localhost.pem(), false);
    }

    /**
     * Four chats to the TLS {@code upstream}, with one credential behind an HTTP proxy (CONNECT) and one behind a
     * SOCKS5 proxy: each proxy sees only a tunnel to the upstream, and the TLS session (with its server name, and
     * with HTTP/2 when asked for) runs through it to the upstream itself.
     */
    static void chatsThroughProxies(Vertx vertx, FakeUpstream upstream, Path caFile, boolean http2) {
        String other = "AIzaTlsTestKey000000000000000000000002";
        try (TestProxies.Http http = new TestProxies.Http(vertx); TestProxies.Socks5 socks = new TestProxies.Socks5(vertx);
             TestGateway gw = TestGateway.start("""
                     upstream: {ca_file: '%s', http2: %s}
                     providers:
                       - type: gemini
                         base_url: %s
                         credentials:
                           - {id: via-http, key: %s, proxy_url: "http://127.0.0.1:%d"}
                           - {id: via-socks, key: %s, proxy_url: "socks5://127.0.0.1:%d"}
                     """.formatted(caFile, http2, upstream.baseUrl("localhost"), KEY, http.port(), other, socks.port()),
                     Map.of())) {
            upstream.byKey(key -> Reply.json(200, GeminiFixtures.text("tunnelled")));

            for (int i = 0; i < 4; i++) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(tree(r.body()).at("/choices/0/message/content").asText()).isEqualTo("tunnelled");
            }

            assertThat(upstream.keysSeen()).contains(KEY, other);
            // The HTTP proxy saw a tunnel request only: the request line and the key travel inside TLS.
            assertThat(http.seen).isNotEmpty().allMatch(s -> s.equals("CONNECT localhost:" + upstream.port()));
            assertThat(socks.connects).isNotEmpty().allMatch(s -> s.equals("localhost:" + upstream.port()));
            assertThat(upstream.serverNames()).isNotEmpty().allMatch("localhost"::equals);
        }
    }

    @Test
    void anUnknownAuthorityIsRefusedWithATlsErrorAndNothingIsSent() {
        gateway(gemini.baseUrl("localhost"), Optional.empty());

        HttpResponse<String> r = chat(CHAT);

        assertThat(r.statusCode()).isEqualTo(502);
        JsonNode error = tree(r.body()).path("error");
        assertThat(error.path("message").asText()).contains("TLS").doesNotContain(KEY);
        assertThat(r.body()).doesNotContain("Exception\n\tat ");
        assertThat(gemini.requestCount()).isZero();
    }

    @Test
    void aCertificateForAnotherHostIsRefusedEvenFromATrustedAuthority() {
        // The certificate names "localhost" only; the gateway connects to 127.0.0.1.
        gateway(gemini.baseUrl(), Optional.of(localhost.pem()));

        HttpResponse<String> r = chat(CHAT);

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(tree(r.body()).at("/error/message").asText()).contains("TLS");
        assertThat(gemini.requestCount()).isZero();
    }

    @Test
    void anUpstreamAtAnIpAddressIsCheckedAgainstThatAddressAndGetsNoServerName() {
        // SNI carries host names only (RFC 6066 section 3); curl and the JDK send none for an address.
        TestCertificates address = TestCertificates.forAddress(dir, "127.0.0.1");
        FakeUpstream byAddress = FakeUpstream.startTls(vertx, address.serverOptions());
        try {
            gateway(byAddress.baseUrl(), Optional.of(address.pem()));
            byAddress.enqueue(Reply.json(200, GeminiFixtures.text("by address")));
            byAddress.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("streamed", "STOP")));

            HttpResponse<String> answer = chat(CHAT);
            HttpResponse<String> stream = chat(STREAM);

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(tree(answer.body()).at("/choices/0/message/content").asText()).isEqualTo("by address");
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.body()).contains("streamed");
            assertThat(byAddress.serverNames()).hasSize(2).allMatch(FakeUpstream.NO_SERVER_NAME::equals);
        } finally {
            byAddress.close();
        }
    }

    @Test
    void theAuthorityFileIsCheckedWhenTheConfigurationLoads() throws IOException {
        ConfigLoader yaml = new ConfigLoader(new Env(Map.of()));
        assertThat(yaml.parse("upstream: {ca_file: '" + localhost.pem() + "'}", Optional.empty()).upstream().extraCas())
                .hasSize(1);
        assertThat(yaml.parse("{}", Optional.empty()).upstream().extraCas()).isEmpty();

        assertThatThrownBy(() -> yaml.parse("upstream: {ca_file: " + dir.resolve("missing.pem") + "}", Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("upstream.ca_file").hasMessageContaining("not found");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        assertThatThrownBy(() -> yaml.parse("upstream: {ca_file: " + notPem + "}", Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("upstream.ca_file");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> new ConfigLoader(new Env(Map.of("UPSTREAM_CA_FILE", empty.toString())))
                .parse("{}", Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UPSTREAM_CA_FILE");
        assertThat(List.of(localhost.pem())).allMatch(Files::isRegularFile);
    }
}
