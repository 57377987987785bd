package dev.switchboard.resilience;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestProxies;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Credential pools end to end: failover, cooldowns from Google's hints, revoked keys, proxies, client keys. */
class PoolFailoverTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String A = "AIzaKEY-A-000000000000000000000001";
    static final String B = "AIzaKEY-B-000000000000000000000002";

    Vertx vertx;
    FakeUpstream gemini;
    TestGateway gw;
    final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    List<String> keysSeen;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        gemini = FakeUpstream.start(vertx);
        keysSeen = gemini.keysSeen();
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        gemini.close();
        vertx.close();
    }

    void gateway(String yaml, Map<String, String> env) {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.putIfAbsent("GEMINI_BASE_URL", gemini.baseUrl());
        gw = TestGateway.start(yaml, e, clock);
    }


    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }

    @Test
    void a429MovesTheRequestToAnotherKeyAndTheKeyRestsUntilItsCooldownEnds() {
        gateway("{}", Map.of("GEMINI_API_KEYS", A + "," + B));
        boolean[] aLimited = {true};
        gemini.byKey(key -> key.equals(A) && aLimited[0]
                ? Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "30s"))
                : Reply.json(200, GeminiFixtures.text("answer from " + key.substring(8, 9))));

        HttpResponse<String> first = gw.post("/v1/chat/completions", CHAT);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(keysSeen).containsExactly(A, B);

        keysSeen.clear();
        for (int i = 0; i < 4; i++) assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(keysSeen).containsOnly(B);
        assertThat(gw.get("/health").body()).contains("cooling");

        aLimited[0] = false;
        clock.advance(Duration.ofSeconds(35));
        keysSeen.clear();
        for (int i = 0; i < 4; i++) gw.post("/v1/chat/completions", CHAT);
        assertThat(keysSeen).contains(A, B);
    }

    @Test
    void whenEveryKeyIsLimitedTheClientGetsA429ThatSaysWhen() {
        gateway("{}", Map.of("GEMINI_API_KEYS", A + "," + B));
        gemini.byKey(key -> Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "42s")));

        HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT);

        assertThat(r.statusCode()).isEqualTo(429);
        JsonNode err = json(r.body()).path("error");
        assertThat(err.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(err.path("message").asText()).containsIgnoringCase("cooling").contains("quota");
        assertThat(r.headers().firstValue("retry-after")).isPresent();
        assertThat(r.body()).doesNotContain(A).doesNotContain(B);

        keysSeen.clear();
        HttpResponse<String> again = gw.post("/v1/chat/completions", CHAT);
        assertThat(again.statusCode()).isEqualTo(429);
        assertThat(keysSeen).isEmpty();
    }

    @Test
    void aRevokedKeyIsTakenOutAndTheOthersCarryTheLoad() {
        gateway("{}", Map.of("GEMINI_API_KEYS", A + "," + B));
        gemini.byKey(key -> key.equals(A)
                ? Reply.json(400, """
                        {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
                         "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}""")
                : Reply.json(200, GeminiFixtures.text("ok")));

        for (int i = 0; i < 6; i++) assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);

        assertThat(keysSeen.stream().filter(A::equals).count()).isEqualTo(1);
        String status = gw.get("/health").body();
        assertThat(status).contains("invalid").doesNotContain(A);
    }

    @Test
    void eachCredentialUsesItsOwnHttpOrSocks5Proxy() {
        try (TestProxies.Http http = new TestProxies.Http(vertx); TestProxies.Socks5 socks = new TestProxies.Socks5(vertx)) {
            gateway("""
                    providers:
                      - type: gemini
                        base_url: %s
                        credentials:
                          - {id: via-http, key: %s, proxy_url: "http://u1:p%%40ss@127.0.0.1:%d"}
                          - {id: via-socks, key: %s, proxy_url: "socks5://sockuser:sockpass@127.0.0.1:%d"}
                    """.formatted(gemini.baseUrl(), A, http.port(), B, socks.port()), Map.of());
            gemini.byKey(key -> Reply.json(200, GeminiFixtures.text("ok")));

            for (int i = 0; i < 4; i++) assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);

            assertThat(http.seen).isNotEmpty().allMatch(s -> s.contains("127.0.0.1:" + gemini.port()));
            assertThat(http.authorizations).isNotEmpty();
            assertThat(socks.connects).isNotEmpty().allMatch(s -> s.endsWith(":" + gemini.port()));
            assertThat(socks.users).contains("sockuser");
            assertThat(keysSeen).contains(A, B);
            assertThat(gw.get("/health").body()).doesNotContain("sockpass").doesNotContain("p@ss");
        }
    }

    @Test
    void clientSuppliedKeysArePooledWhenEnabled() {
        gateway("server: {allow_client_upstream_keys: true}", Map.of("GEMINI_API_KEYS", A));
        String c1 = "AIzaCLIENT-1-0000000000000000000001";
        String c2 = "AIzaCLIENT-2-0000000000000000000002";
        gemini.byKey(key -> key.equals(c1)
                ? Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "10s"))
                : Reply.json(200, GeminiFixtures.text("ok")));

        HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", "Bearer " + c1 + "," + c2);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(keysSeen).containsExactly(c1, c2);
    }

    @Test
    void clientSuppliedKeysAreRefusedWhenNotEnabled() {
        gateway("server: {client_keys: [sk-gw]}", Map.of("GEMINI_API_KEYS", A));
        gemini.byKey(key -> Reply.json(200, GeminiFixtures.text("ok")));

        HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT, "authorization", "Bearer AIzaCLIENT-1-0000000000000000000001");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(keysSeen).isEmpty();
    }

    @Test
    void theBreakerOpensAfterTheConfiguredCountAndOneProbeClosesIt() {
        gateway("""
                retry: {max_attempts: 1}
                pool: {breaker: {consecutive_failures: 2, open_for: 20s}}
                """, Map.of("GEMINI_API_KEYS", A));
        boolean[] broken = {true};
        gemini.byKey(key -> broken[0]
                ? Reply.json(500, GeminiFixtures.error(500, "INTERNAL", "backend error"))
                : Reply.json(200, GeminiFixtures.text("ok")));

        assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(502);
        assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(502);
        HttpResponse<String> open = gw.post("/v1/chat/completions", CHAT);
        assertThat(open.statusCode()).isEqualTo(429);
        assertThat(keysSeen).hasSize(2);
        assertThat(gw.get("/health").body()).contains("\"open\"");

        broken[0] = false;
        clock.advance(Duration.ofSeconds(21));
        assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(keysSeen).hasSize(4);
    }

    @Test
    void aRateLimitWithoutAHintRestsForTheConfiguredTime() {
        gateway("pool: {cooldown: {rate_limit: 5s}}\nretry: {max_attempts: 1}", Map.of("GEMINI_API_KEYS", A));
        boolean[] limited = {true};
        gemini.byKey(key -> limited[0]
                ? Reply.json(429, GeminiFixtures.error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."))
                : Reply.json(200, GeminiFixtures.text("ok")));

        assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(429);
        limited[0] = false;
        clock.advance(Duration.ofSeconds(3));
        assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(429);
        assertThat(keysSeen).hasSize(1);
        clock.advance(Duration.ofSeconds(3));
        assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(keysSeen).hasSize(2);
    }

    @Test
    void badPoolSettingsNameTheirPath() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new dev.switchboard.config.ConfigLoader(
                        new dev.switchboard.config.Env(Map.of())).parse("pool: {breaker: {failure_rate: 2}}", java.util.Optional.empty()))
                .hasMessageContaining("pool.breaker").hasMessageContaining("failureRateThreshold");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new dev.switchboard.config.ConfigLoader(
                        new dev.switchboard.config.Env(Map.of())).parse("pool: {cooldown: {rate_limt: 5s}}", java.util.Optional.empty()))
                .hasMessageContaining("pool.cooldown.rate_limt");
    }
}
