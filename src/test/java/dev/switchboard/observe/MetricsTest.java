package dev.switchboard.observe;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static dev.switchboard.testing.ChatBodies.STREAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.PrometheusText;
import dev.switchboard.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Prometheus metrics after real traffic: a gateway on loopback, a fake Gemini API with two keys behind it. */
class MetricsTest {
    static final String A = "AIzaKEY-A-000000000000000000000001";
    static final String B = "AIzaKEY-B-000000000000000000000002";
    static final String MASKED_A = "gemini:AIza…0001";
    static final String MASKED_B = "gemini:AIza…0002";

    final FakeUpstream gemini = FakeUpstream.startAlone();
    TestGateway gw;

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        gemini.close();
    }

    void gateway(String yaml, Map<String, String> env) {
        Map<String, String> e = new HashMap<>(env);
        e.putIfAbsent("GEMINI_BASE_URL", gemini.baseUrl());
        gw = TestGateway.start(yaml, e);
    }

    PrometheusText scrape(String... headers) {
        HttpResponse<String> r = gw.get("/metrics", headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        return PrometheusText.parse(r.body());
    }

    /** The JVM's meters are not set up with the telemetry: the process binds them once it serves, or the first scrape does. */
    @Test
    void theJvmMetersAreBoundOnceByWhicheverComesFirst() {
        try (Telemetry t = Telemetry.create(Clock.systemUTC())) {
            assertThat(t.registry().find("jvm.memory.used").meters()).isEmpty();
            t.bindJvmMetrics();
            assertThat(t.registry().find("jvm.memory.used").meters()).isNotEmpty();
            int meters = t.registry().getMeters().size();
            t.bindJvmMetrics();
            assertThat(PrometheusText.parse(t.scrape()).has("jvm_gc_pause_seconds_count")).isTrue();
            assertThat(t.registry().getMeters()).hasSize(meters);
        }
        try (Telemetry t = Telemetry.create(Clock.systemUTC())) {
            assertThat(PrometheusText.parse(t.scrape()).has("process_uptime_seconds")).isTrue();
        }
    }

    @Test
    void requestsFailoversTokensAndCredentialStatesAfterRealTraffic() {
        gateway("{}", Map.of("GEMINI_API_KEYS", A + "," + B));
        gemini.byKey(key -> {
            if (key.equals(A)) {
                return Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "30s"));
            }
            return Reply.json(200, GeminiFixtures.text("answer"));
        });

        assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);   // A: 429, then B
        gemini.dispatcher(null);
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("Hel", null),
                GeminiFixtures.chunk("lo", "STOP")));
        assertThat(gw.post("/v1/chat/completions", STREAM).statusCode()).isEqualTo(200);  // B (A is cooling)
        assertThat(gw.post("/v1/chat/completions", "{\"model\":\"gemini-2.5-flash\"").statusCode()).isEqualTo(400);

        PrometheusText m = scrape();
        assertThat(m.sum("switchboard_requests_total", "api", "openai", "model", "gemini-2.5-flash", "provider", "gemini",
                "status", "200")).isEqualTo(2);
        assertThat(m.sum("switchboard_requests_total", "status", "400", "model", "none")).isEqualTo(1);
        assertThat(m.sum("switchboard_failovers_total", "scope", "credential", "reason", "rate_limited")).isEqualTo(1);
        assertThat(m.sum("switchboard_upstream_attempts_total", "credential", MASKED_A, "outcome", "rate_limited")).isEqualTo(1);
        assertThat(m.sum("switchboard_upstream_attempts_total", "credential", MASKED_B, "outcome", "success")).isEqualTo(2);
        // non-stream 7 in / 5 out; the stream reports 7 / 3 in every chunk, and the last report counts
        assertThat(m.sum("switchboard_tokens_total", "provider", "gemini", "direction", "input")).isEqualTo(14);
        assertThat(m.sum("switchboard_tokens_total", "provider", "gemini", "direction", "output")).isEqualTo(8);
        assertThat(m.sum("switchboard_credential_cooldowns_total", "credential", MASKED_A, "kind", "cooldown")).isEqualTo(1);
        assertThat(m.sum("switchboard_credential_state", "credential", MASKED_A, "state", "cooling")).isEqualTo(1);
        assertThat(m.sum("switchboard_credential_state", "credential", MASKED_A, "state", "healthy")).isZero();
        assertThat(m.sum("switchboard_credential_state", "credential", MASKED_B, "state", "healthy")).isEqualTo(1);
        assertThat(m.sum("switchboard_credential_cooldown_remaining_seconds", "credential", MASKED_A)).isBetween(20.0, 31.0);
        assertThat(m.sum("switchboard_credential_in_flight", "credential", MASKED_B)).isZero();
        assertThat(m.sum("switchboard_requests_in_flight")).isZero();

        assertThat(m.sum("switchboard_request_duration_seconds_count", "stream", "false", "provider", "gemini")).isEqualTo(1);
        assertThat(m.sum("switchboard_request_duration_seconds_count", "stream", "true")).isEqualTo(1);
        assertThat(m.sum("switchboard_time_to_first_token_seconds_count", "model", "gemini-2.5-flash")).isEqualTo(1);
        assertThat(m.sum("switchboard_gateway_overhead_seconds_count")).isEqualTo(3);
        assertThat(m.sum("switchboard_upstream_response_seconds_count", "provider", "gemini")).isEqualTo(3);
        // histograms have buckets, ending in +Inf that holds everything
        assertThat(m.find("switchboard_request_duration_seconds_bucket", "stream", "false", "provider", "gemini", "le", "+Inf"))
                .singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(1));
        assertThat(m.find("switchboard_gateway_overhead_seconds_bucket", "le", "0.001")).isNotEmpty();
        // the gateway's own time is a small part of the request's
        double overhead = m.sum("switchboard_gateway_overhead_seconds_sum");
        assertThat(overhead).isLessThan(m.sum("switchboard_request_duration_seconds_sum"));
        assertThat(m.has("jvm_memory_used_bytes")).isTrue();
    }

    @Test
    void breakerTransitionsAreCounted() {
        gateway("retry: {max_attempts: 1}", Map.of("GEMINI_API_KEYS", A));
        gemini.byKey(key -> Reply.json(503, GeminiFixtures.error(503, "UNAVAILABLE", "The model is overloaded.")));

        for (int i = 0; i < 5; i++) assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(503);

        PrometheusText m = scrape();
        assertThat(m.sum("switchboard_breaker_transitions_total", "provider", "gemini", "credential", MASKED_A, "to", "open"))
                .isEqualTo(1);
        assertThat(m.sum("switchboard_credential_state", "credential", MASKED_A, "state", "open")).isEqualTo(1);
        assertThat(m.sum("switchboard_upstream_attempts_total", "outcome", "server_error")).isEqualTo(5);
        assertThat(m.sum("switchboard_requests_total", "status", "503")).isEqualTo(5);
    }

    @Test
    void raceStartsWinsAndCancellationsAreCounted() {
        gateway("race: {enabled: true, racers: 2}", Map.of("GEMINI_API_KEYS", A + "," + B));
        gemini.byKey(key -> key.equals(A)
                ? Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("fast", "STOP"))
                : Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("slow", "STOP")).delayed(Duration.ofSeconds(3)));

        HttpResponse<String> r = gw.post("/v1/chat/completions", STREAM);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("fast");

        PrometheusText m = scrape();
        assertThat(m.sum("switchboard_race_starts_total")).isEqualTo(1);
        assertThat(m.sum("switchboard_race_ends_total", "outcome", "won")).isEqualTo(1);
        assertThat(m.sum("switchboard_race_racers_total")).isEqualTo(2);
        assertThat(m.sum("switchboard_race_cancelled_racers_total")).isEqualTo(1);
        assertThat(m.sum("switchboard_upstream_attempts_total", "credential", MASKED_B, "outcome", "abandoned")).isEqualTo(1);
    }

    @Test
    void unknownModelNamesShareOneLabelOnceTheCapIsReached() {
        gateway("{}", Map.of("GEMINI_API_KEYS", A));
        gemini.byKey(key -> Reply.json(200, GeminiFixtures.text("ok")));

        for (int i = 0; i < 70; i++) {
            assertThat(gw.post("/v1/chat/completions", CHAT.replace("gemini-2.5-flash", "gemini-test-" + i)).statusCode())
                    .isEqualTo(200);
        }

        PrometheusText m = scrape();
        long models = m.find("switchboard_requests_total").stream().map(s -> s.labels().get("model")).distinct().count();
        assertThat(models).isEqualTo(65);   // 64 names, then "other"
        assertThat(m.sum("switchboard_requests_total", "model", "other")).isEqualTo(6);
    }

    @Test
    void metricsNeedTheMetricsKeyWhenOneIsSet() {
        gateway("server: {client_keys: [sk-client], metrics_key: from-yaml}", Map.of("GEMINI_API_KEYS", A,
                "METRICS_KEY", "sk-metrics"));

        assertThat(gw.get("/metrics").statusCode()).isEqualTo(401);
        assertThat(gw.get("/metrics", "authorization", "Bearer sk-client").statusCode()).isEqualTo(401);
        assertThat(gw.get("/metrics", "authorization", "Bearer from-yaml").statusCode()).isEqualTo(401);
        assertThat(gw.get("/metrics", "authorization", "Bearer sk-metrics").statusCode()).isEqualTo(200);
        assertThat(gw.get("/metrics?key=sk-metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void withoutAMetricsKeyTheClientKeysGuardMetricsAndWithNeitherTheyAreOpen() {
        gateway("server: {client_keys: [sk-client]}", Map.of("GEMINI_API_KEYS", A));
        assertThat(gw.get("/metrics").statusCode()).isEqualTo(401);
        assertThat(gw.get("/metrics", "authorization", "Bearer sk-client").statusCode()).isEqualTo(200);
        gw.close();

        gateway("server: {metrics_key: only-metrics}", Map.of("GEMINI_API_KEYS", A));
        assertThat(gw.get("/metrics").statusCode()).isEqualTo(401);
        assertThat(gw.get("/metrics", "x-api-key", "only-metrics").statusCode()).isEqualTo(200);
        gw.close();

        gateway("{}", Map.of("GEMINI_API_KEYS", A));
        assertThat(gw.get("/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void theOverheadHeaderIsOnEveryAnswerAndSmall() {
        gateway("{}", Map.of("GEMINI_API_KEYS", A));
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("slow answer")).delayed(Duration.ofMillis(300)));
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(300), GeminiFixtures.chunk("x", "STOP")));

        HttpResponse<String> plain = gw.post("/v1/chat/completions", CHAT);
        HttpResponse<String> stream = gw.post("/v1/chat/completions", STREAM);
        HttpResponse<String> error = gw.post("/v1/chat/completions", "{");

        for (HttpResponse<String> r : java.util.List.of(plain, stream, error)) {
            String h = r.headers().firstValue("x-switchboard-overhead-ms").orElseThrow();
            assertThat(Double.parseDouble(h)).isGreaterThanOrEqualTo(0).isLessThan(250);
        }
    }
}
