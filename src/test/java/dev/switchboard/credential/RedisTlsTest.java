package dev.switchboard.credential;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.Replicas;
import dev.switchboard.testing.TestCertificates;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestRedis;
import dev.switchboard.Gateway;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.Env;
import dev.switchboard.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pool state shared through a Redis that speaks only TLS ({@code rediss://}) with a certificate from its own
 * authority, as managed Redis services with in-transit encryption do: {@code state.ca_file} makes the replicas
 * trust it; without it they refuse the certificate and each goes on alone, saying why.
 */
class RedisTlsTest {
    static final String A = "AIzaKEY-A-000000000000000000000001";
    static final String B = "AIzaKEY-B-000000000000000000000002";

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static TestRedis.Server redis;

    final FakeUpstream gemini = FakeUpstream.startAlone();
    Replicas replicas;
    final MutableClock clock = MutableClock.at("2026-12-03T10:00:00Z");

    @BeforeAll
    static void startRedis() {
        certs = TestCertificates.forAddress(dir, "127.0.0.1");
        redis = TestRedis.startTls(certs);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) redis.close();
    }

    @AfterEach
    void stop() {
        if (replicas != null) replicas.close();
        gemini.close();
    }

    Map<String, String> env() {
        return Map.of("GEMINI_API_KEYS", A + "," + B, "GEMINI_BASE_URL", gemini.baseUrl());
    }

    void replicas(int n, String stateExtra) {
        replicas = Replicas.start(n, redis.url(), TestRedis.uniquePrefix(), stateExtra, "", env(), clock);
    }

    static JsonNode store(TestGateway g) {
        return tree(g.get("/health").body()).path("state_store");
    }

    /** The status page's store once it says degraded (or after ten seconds): a replica notices on its next operation. */
    static JsonNode storeOnceDegraded(TestGateway g) throws InterruptedException {
        JsonNode store = store(g);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!store.path("status").asText().equals("degraded") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            store = store(g);
        }
        return store;
    }

    @Test
    void withTheCaFileReplicasShareACooldownOverTls() {
        replicas(2, "timeout: 5s, ca_file: \"" + certs.pem() + "\"");
        gemini.byKey(key -> key.equals(A)
                ? Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "30s"))
                : Reply.json(200, GeminiFixtures.text("ok")));

        assertThat(replicas.get(0).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(gemini.keysSeen()).containsExactly(A, B);

        gemini.keysSeen().clear();
        for (int i = 0; i < 3; i++) assertThat(replicas.get(1).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(gemini.keysSeen()).as("the cooldown replica 0 wrote reached replica 1 through the TLS Redis")
                .containsOnly(B);

        JsonNode store = store(replicas.get(1));
        assertThat(store.path("status").asText()).isEqualTo("connected");
        assertThat(store.path("location").asText()).startsWith("rediss://").doesNotContain(redis.password());
    }

    @Test
    void withoutTheCaFileTheCertificateIsRefusedAndTheReplicaGoesOnAlone() throws Exception {
        replicas(1, "timeout: 5s");
        gemini.byKey(key -> Reply.json(200, GeminiFixtures.text("ok")));

        assertThat(replicas.get(0).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);

        JsonNode store = storeOnceDegraded(replicas.get(0));
        assertThat(store.path("status").asText()).isEqualTo("degraded");
        assertThat(store.path("reason").asText()).containsIgnoringCase("certification path");
        assertThat(replicas.get(0).get("/health").body()).doesNotContain(redis.password());
    }

    @Test
    void aRedisThatAsksForAClientCertificateGetsTheConfiguredOne() throws Exception {
        TestCertificates client = TestCertificates.create(dir, "switchboard-client");
        String trust = "timeout: 5s, ca_file: \"" + certs.pem() + "\"";
        try (TestRedis.Server mutual = TestRedis.startTls(certs, Optional.of(client))) {
            replicas = Replicas.start(1, mutual.url(), TestRedis.uniquePrefix(), trust + ", client_cert_file: \""
                    + client.pem() + "\", client_key_file: \"" + client.privateKeyPem() + "\"", "", env(), clock);
            gemini.byKey(key -> Reply.json(200, GeminiFixtures.text("ok")));

            assertThat(replicas.get(0).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
            assertThat(store(replicas.get(0)).path("status").asText()).isEqualTo("connected");

            replicas.close();
            replicas = Replicas.start(1, mutual.url(), TestRedis.uniquePrefix(), trust, "", env(), clock);
            assertThat(replicas.get(0).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
            assertThat(storeOnceDegraded(replicas.get(0)).path("status").asText())
                    .as("without a client certificate the server refuses the connection").isEqualTo("degraded");
        }
    }

    @Test
    void aPasswordProtectedClientKeyIsPresentedOnceDecrypted() throws Exception {
        TestCertificates client = TestCertificates.create(dir, "switchboard-client-encrypted");
        try (TestRedis.Server mutual = TestRedis.startTls(certs, Optional.of(client))) {
            replicas = Replicas.start(1, mutual.url(), TestRedis.uniquePrefix(), "timeout: 5s, ca_file: \"" + certs.pem()
                    + "\", client_cert_file: \"" + client.pem() + "\", client_key_file: \""
                    + client.encryptedPrivateKeyPem("correct horse") + "\", client_key_password: 'correct horse'", "", env(), clock);
            gemini.byKey(key -> Reply.json(200, GeminiFixtures.text("ok")));

            assertThat(replicas.get(0).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
            assertThat(store(replicas.get(0)).path("status").asText()).isEqualTo("connected");
            assertThat(replicas.get(0).get("/status.json").body()).doesNotContain("correct horse");
        }
    }

    @Test
    void aClientKeyThatCannotBeUsedStopsStartUpNamingTheSettings() throws Exception {
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"),
                "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PRIVATE KEY-----\n");
        Map<String, String> env = new HashMap<>(env());
        env.putAll(Map.of("PORT", "0", "HOST", "127.0.0.1", "REDIS_URL", redis.url(),
                "REDIS_CLIENT_CERT_FILE", certs.pem().toString(), "REDIS_CLIENT_KEY_FILE", notAKey.toString()));
        GatewayConfig config = new ConfigLoader(new Env(env)).parse("{}", Optional.empty());
        Vertx vertx = Vertx.vertx();
        try {
            Future<Gateway> started = Gateway.start(vertx, config, clock);

            assertThat(started.failed()).isTrue();
            assertThat(started.cause()).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("REDIS_CLIENT_CERT_FILE and REDIS_CLIENT_KEY_FILE")
                    .hasMessageContaining("not a usable certificate and private key")
                    .hasMessageNotContaining("bm90IGEga2V5");
        } finally {
            vertx.close();
        }
    }
}
