package dev.switchboard.credential;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.Replicas;
import dev.switchboard.testing.TestGateway;
import dev.switchboard.testing.TestRedis;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gateway replicas sharing pool state through a real Redis: cooldowns, round-robin and half-open probes. */
class ReplicasTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String A = "AIzaKEY-A-000000000000000000000001";
    static final String B = "AIzaKEY-B-000000000000000000000002";
    static final String C = "AIzaKEY-C-000000000000000000000003";

    FakeUpstream gemini;
    Replicas replicas;
    final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    List<String> keysSeen;

    @BeforeEach
    void start() {
        gemini = FakeUpstream.startAlone();
        keysSeen = gemini.keysSeen();
    }

    @AfterEach
    void stop() {
        if (replicas != null) replicas.close();
        gemini.close();
    }

    void replicas(int n, String... keys) {
        // a generous timeout: these tests are about the shared state, not about Redis being slow on a busy machine
        replicas = Replicas.start(n, TestRedis.url(), TestRedis.uniquePrefix(), "timeout: 5s", "",
                Map.of("GEMINI_API_KEYS", String.join(",", keys), "GEMINI_BASE_URL", gemini.baseUrl()), clock);
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }

    static List<String> states(TestGateway g) {
        List<String> out = new ArrayList<>();
        json(g.get("/health").body()).path("providers").get(0).path("credentials").forEach(c -> out.add(c.path("state").asText()));
        return out;
    }

    /**
     * The credential states a replica's status page shows once it has caught up: the page answers from what the
     * replica last read, and each visit refreshes that in the background.
     */
    static List<String> statesOnceCaughtUp(TestGateway g, String... expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> seen = states(g);
        while (!seen.equals(List.of(expected)) && System.nanoTime() < deadline) {
            sleep(20);
            seen = states(g);
        }
        return seen;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aKeyThatGotA429OnOneReplicaIsNotUsedByAnotherDuringItsCooldown() {
        replicas(2, A, B);
        boolean[] aLimited = {true};
        gemini.byKey(key -> key.equals(A) && aLimited[0]
                ? Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "30s"))
                : Reply.json(200, GeminiFixtures.text("ok")));

        assertThat(replicas.get(0).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(keysSeen).containsExactly(A, B);

        keysSeen.clear();
        for (int i = 0; i < 4; i++) assertThat(replicas.get(1).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(keysSeen).containsOnly(B);
        assertThat(statesOnceCaughtUp(replicas.get(1), "cooling", "healthy")).containsExactly("cooling", "healthy");

        aLimited[0] = false;
        clock.advance(Duration.ofSeconds(35));
        keysSeen.clear();
        for (int i = 0; i < 4; i++) assertThat(replicas.get(1).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(keysSeen).contains(A, B);
    }

    @Test
    void roundRobinIsStrictAcrossReplicas() {
        replicas(3, A, B, C);
        gemini.byKey(key -> Reply.json(200, GeminiFixtures.text("ok")));

        for (int i = 0; i < 9; i++) assertThat(replicas.turn(i).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);

        assertThat(keysSeen).containsExactly(A, B, C, A, B, C, A, B, C);
    }

    @Test
    void onlyOneReplicaProbesAHalfOpenCircuit() throws Exception {
        replicas(2, A);
        gemini.byKey(key -> Reply.json(500, GeminiFixtures.error(500, "INTERNAL", "backend error")));
        for (int i = 0; i < 5; i++) replicas.turn(i).post("/v1/chat/completions", CHAT);
        assertThat(statesOnceCaughtUp(replicas.get(0), "open")).containsExactly("open");
        assertThat(statesOnceCaughtUp(replicas.get(1), "open")).containsExactly("open");

        clock.advance(Duration.ofSeconds(31));
        int before = gemini.requestCount();
        gemini.byKey(key -> Reply.json(200, GeminiFixtures.text("recovered")).delayed(Duration.ofMillis(1500)));
        List<HttpResponse<String>> answers = concurrently(6, i -> replicas.turn(i).post("/v1/chat/completions", CHAT));

        assertThat(gemini.requestCount() - before).as("upstream requests while half-open").isEqualTo(1);
        assertThat(answers.stream().filter(r -> r.statusCode() == 200).count()).isEqualTo(1);
        assertThat(answers).allMatch(r -> r.statusCode() == 200 || r.statusCode() == 429);
        assertThat(statesOnceCaughtUp(replicas.get(1), "healthy")).containsExactly("healthy");
        assertThat(replicas.get(1).post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }

    @Test
    void theStatusPageNamesTheSharedStoreWithoutItsPassword() {
        replicas(1, A);

        JsonNode store = json(replicas.get(0).get("/health").body()).path("state_store");

        assertThat(store.path("kind").asText()).isEqualTo("redis");
        assertThat(store.path("status").asText()).isEqualTo("connected");
        assertThat(store.path("location").asText()).startsWith("redis://").doesNotContain("test-secret-pw");
    }

    /** Runs {@code n} calls at once, released together, and returns their results in order. */
    static <T> List<T> concurrently(int n, java.util.function.IntFunction<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.apply(k);
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) out.add(f.get(30, TimeUnit.SECONDS));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
