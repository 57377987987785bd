package dev.switchboard.credential;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static dev.switchboard.credential.ReplicasTest.json;
import static dev.switchboard.credential.ReplicasTest.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.Replicas;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis killed under two replicas: requests go on, each replica on its own state, and when Redis comes back (empty,
 * as after a crash) what they learnt meanwhile is written back and shared again.
 */
class RedisOutageTest {
    static final String A = ReplicasTest.A;
    static final String B = ReplicasTest.B;

    FakeUpstream gemini;
    TestRedis.Server redis;
    Replicas replicas;
    final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    final List<String> keysSeen = Collections.synchronizedList(new ArrayList<>());
    volatile boolean aLimited;

    @BeforeEach
    void start() {
        redis = TestRedis.start();
        gemini = FakeUpstream.startAlone();
        gemini.dispatcher(rec -> {
            String key = rec.header("x-goog-api-key");
            keysSeen.add(key);
            return key.equals(A) && aLimited
                    ? Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "60s"))
                    : Reply.json(200, GeminiFixtures.text("ok"));
        });
        replicas = Replicas.start(2, redis.url(), TestRedis.uniquePrefix(), "timeout: 1s, probe_interval: 50ms", "",
                Map.of("GEMINI_API_KEYS", A + "," + B, "GEMINI_BASE_URL", gemini.baseUrl()), clock);
    }

    @AfterEach
    void stop() {
        if (replicas != null) replicas.close();
        gemini.close();
        redis.close();
    }

    static JsonNode store(TestGateway g) {
        return json(g.get("/health").body()).path("state_store");
    }

    static void awaitStatus(TestGateway g, String status) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!store(g).path("status").asText().equals(status)) {
            if (System.nanoTime() > deadline) throw new AssertionError("state store never became " + status + ": " + store(g));
            sleep(20);
        }
    }

    @Test
    void requestsKeepSucceedingWhileRedisIsDownAndCooldownsAreSharedWhenItReturns() {
        for (int i = 0; i < 4; i++) assertThat(replicas.turn(i).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(store(replicas.get(0)).path("status").asText()).isEqualTo("connected");

        redis.kill();
        for (int i = 0; i < 6; i++) {
            assertThat(replicas.turn(i).post("/v1/chat/completions", CHAT).statusCode()).as("request %d with Redis down", i)
                    .isEqualTo(200);
        }
        JsonNode down = store(replicas.get(0));
        assertThat(down.path("status").asText()).isEqualTo("degraded");
        assertThat(down.path("since").asText()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(down.path("outages").asInt()).isEqualTo(1);
        assertThat(store(replicas.get(1)).path("status").asText()).isEqualTo("degraded");

        // while down, replica 0 alone learns that key A is rate limited
        aLimited = true;
        keysSeen.clear();
        for (int i = 0; i < 2; i++) assertThat(replicas.get(0).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(keysSeen).containsOnlyOnce(A);
        aLimited = false;

        redis.restart();
        awaitStatus(replicas.get(0), "connected");
        awaitStatus(replicas.get(1), "connected");

        keysSeen.clear();
        for (int i = 0; i < 4; i++) assertThat(replicas.get(1).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(keysSeen).as("replica 1 keeps off the key replica 0 saw limited").containsOnly(B);

        clock.advance(Duration.ofSeconds(65));
        keysSeen.clear();
        for (int i = 0; i < 4; i++) assertThat(replicas.turn(i).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(keysSeen).contains(A, B);
    }

    @Test
    void aReplicaStartedWhileRedisIsDownServesRequestsAndJoinsLater() {
        replicas.close();
        redis.kill();
        replicas = Replicas.start(1, redis.url(), TestRedis.uniquePrefix(), "timeout: 1s, probe_interval: 50ms", "",
                Map.of("GEMINI_API_KEYS", A + "," + B, "GEMINI_BASE_URL", gemini.baseUrl()), clock);

        assertThat(replicas.get(0).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(store(replicas.get(0)).path("status").asText()).isEqualTo("degraded");

        redis.restart();
        awaitStatus(replicas.get(0), "connected");
        assertThat(replicas.get(0).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }
}
