package dev.switchboard.credential;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static dev.switchboard.credential.ReplicasTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.Replicas;
import dev.switchboard.testing.TestRedis;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-credential and per-client-key limits, counted once across replicas. */
class RateLimitAcrossReplicasTest {
    static final String A = ReplicasTest.A;
    static final String B = ReplicasTest.B;

    FakeUpstream gemini;
    Replicas replicas;
    // half a minute into a window, so that "the next minute" is 30 s away
    final MutableClock clock = MutableClock.at("2026-11-22T10:00:30Z");
    final List<String> keysSeen = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        gemini = FakeUpstream.startAlone();
        gemini.dispatcher(rec -> {
            keysSeen.add(rec.header("x-goog-api-key"));
            if (rec.path().contains("stream")) return Reply.sseEvents(Duration.ZERO, GeminiFixtures.chunk("ok", "STOP")); // 10 tokens
            return Reply.json(200, GeminiFixtures.text("ok")); // reports 12 tokens
        });
    }

    @AfterEach
    void stop() {
        if (replicas != null) replicas.close();
        gemini.close();
    }

    void replicas(String yaml) {
        replicas = Replicas.start(2, TestRedis.url(), TestRedis.uniquePrefix(), "timeout: 5s", yaml,
                Map.of("GEMINI_BASE_URL", gemini.baseUrl()), clock);
    }

    HttpResponse<String> chat(int replica, String clientKey) {
        return replicas.turn(replica).post("/v1/chat/completions", CHAT, "authorization", "Bearer " + clientKey);
    }

    @Test
    void aCredentialAtItsRequestLimitRestsUntilTheMinuteTurnsWhicheverReplicaAsks() {
        replicas("""
                providers:
                  - type: gemini
                    rate_limits: {rpm: 2}
                    keys: [%s, %s]
                """.formatted(A, B));

        for (int i = 0; i < 4; i++) assertThat(chat(i, "any").statusCode()).isEqualTo(200);
        assertThat(keysSeen).containsExactlyInAnyOrder(A, A, B, B);

        HttpResponse<String> over = chat(4, "any");
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.headers().firstValue("retry-after")).contains("30");
        assertThat(json(over.body()).path("error").path("message").asText()).contains("rate limit");
        assertThat(keysSeen).hasSize(4);

        clock.advance(Duration.ofSeconds(30));
        assertThat(chat(5, "any").statusCode()).isEqualTo(200);
    }

    @Test
    void aClientKeyOverItsRequestLimitGetsA429InItsFormatOnEveryReplica() {
        replicas("""
                server:
                  client_keys: [sk-a, sk-b]
                  client_key_limits: [{key: sk-a, rpm: 3}]
                providers: [{type: gemini, keys: [%s]}]
                """.formatted(A));

        for (int i = 0; i < 3; i++) assertThat(chat(i, "sk-a").statusCode()).isEqualTo(200);
        HttpResponse<String> over = chat(3, "sk-a");

        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.headers().firstValue("retry-after")).contains("30");
        JsonNode err = json(over.body()).path("error");
        assertThat(err.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(err.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(err.path("message").asText()).contains("3 requests per minute").doesNotContain("sk-a");
        assertThat(gemini.requestCount()).isEqualTo(3);
        assertThat(chat(4, "sk-b").statusCode()).as("other keys are not limited").isEqualTo(200);

        clock.advance(Duration.ofSeconds(30));
        assertThat(chat(5, "sk-a").statusCode()).isEqualTo(200);
    }

    @Test
    void tokensAreCountedFromTheAnswersAndCheckedBeforeTheNextRequest() {
        replicas("""
                server:
                  client_keys: [sk-a]
                  client_key_limits: [{key: "*", tpm: 20}]
                providers: [{type: gemini, keys: [%s]}]
                """.formatted(A));

        assertThat(chat(0, "sk-a").statusCode()).isEqualTo(200);
        assertThat(chat(1, "sk-a").statusCode()).isEqualTo(200);
        HttpResponse<String> over = chat(2, "sk-a");

        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(json(over.body()).path("error").path("message").asText()).contains("20 tokens per minute");
    }

    @Test
    void streamedAnswersCountTheirTokensToo() {
        replicas("""
                server:
                  client_keys: [sk-a]
                  client_key_limits: [{key: sk-a, tpm: 15}]
                providers: [{type: gemini, keys: [%s]}]
                """.formatted(A));
        String stream = CHAT.replace("{\"model\"", "{\"stream\":true,\"model\"");

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = replicas.turn(i).post("/v1/chat/completions", stream, "authorization", "Bearer sk-a");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("[DONE]");
        }
        assertThat(chat(2, "sk-a").statusCode()).isEqualTo(429);
    }
}
