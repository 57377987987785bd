package dev.switchboard.resilience;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static dev.switchboard.testing.ChatBodies.STREAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Race mode end to end: three keys behind one fake Gemini API, each key behaving differently. */
class RacingCallTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FAST = "AIzaFAST-key-000000000000000001";
    static final String SLOW = "AIzaSLOW-key-000000000000000002";
    static final String THIRD = "AIzaTHIRD-key-00000000000000003";

    FakeUpstream gemini;
    TestGateway gw;
    List<String> keysSeen;

    @BeforeEach
    void start() {
        gemini = FakeUpstream.startAlone();
        keysSeen = gemini.keysSeen();
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        gemini.close();
    }

    void gateway(String yaml) {
        gw = TestGateway.start(yaml, Map.of("GEMINI_API_KEYS", FAST + "," + SLOW + "," + THIRD,
                "GEMINI_BASE_URL", gemini.baseUrl()));
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }

    @Test
    void fastestStreamWinsAndLosersAreCutOffAtOnce() {
        gateway("race: {enabled: true, racers: 3}");
        gemini.byKey(key -> switch (key) {
            case FAST -> Reply.sseEvents(Duration.ofMillis(30), GeminiFixtures.chunk("fast ", null), GeminiFixtures.chunk("wins", "STOP"));
            default -> Reply.sseEvents(Duration.ofMillis(1500), GeminiFixtures.chunk("slow", null), GeminiFixtures.chunk(" loses", "STOP"));
        });

        long t0 = System.nanoTime();
        HttpResponse<String> r = gw.post("/v1/chat/completions", STREAM);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("fast ").contains("wins").doesNotContain("slow");
        assertThat(ms).isLessThan(1400);
        assertThat(keysSeen).containsExactlyInAnyOrder(FAST, SLOW, THIRD);
        // both losers' connections are closed on the upstream's side, long before they would have answered
        assertThat(gemini.awaitConnectionClosed(Duration.ofMillis(500))).isTrue();
        assertThat(gemini.awaitConnectionClosed(Duration.ofMillis(500))).isTrue();
    }

    @Test
    void longestNonStreamingAnswerWinsAndA429DoesNotFailTheRequest() {
        gateway("race: {enabled: true, racers: 3}");
        gemini.byKey(key -> switch (key) {
            case FAST -> Reply.json(200, GeminiFixtures.text("short"));
            case SLOW -> Reply.json(200, GeminiFixtures.text("a much longer and better answer")).delayed(Duration.ofMillis(150));
            default -> Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "20s"));
        });

        ch.qos.logback.classic.Logger raceLog =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.switchboard.race");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        raceLog.addAppender(lines);
        ch.qos.logback.classic.Level before = raceLog.getLevel();
        raceLog.setLevel(ch.qos.logback.classic.Level.INFO);
        HttpResponse<String> r;
        try {
            r = gw.post("/v1/chat/completions", CHAT);
        } finally {
            raceLog.detachAppender(lines);
            raceLog.setLevel(before);
        }

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).at("/choices/0/message/content").asText()).isEqualTo("a much longer and better answer");
        assertThat(keysSeen).hasSize(3);
        assertThat(lines.list.stream().filter(e -> e.getFormattedMessage().contains("winner")).count()).isEqualTo(1);
        assertThat(lines.list.stream().anyMatch(e -> e.getFormattedMessage().contains("started with 3 racers"))).isTrue();
    }

    @Test
    void whenEveryRacerFailsTheMostInformativeErrorIsReturned() {
        gateway("race: {enabled: true, racers: 3}");
        gemini.byKey(key -> switch (key) {
            case FAST -> Reply.json(500, GeminiFixtures.error(500, "INTERNAL", "backend error"));
            case SLOW -> Reply.json(503, GeminiFixtures.error(503, "UNAVAILABLE", "The model is overloaded."));
            default -> Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "20s"));
        });

        HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT);

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(json(r.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void hedgingStartsExtraRacersOnlyAfterTheDelay() {
        gateway("race: {enabled: true, racers: 3, hedge_delay: 300ms}");
        gemini.byKey(key -> Reply.json(200, GeminiFixtures.text("quick")));

        HttpResponse<String> quick = gw.post("/v1/chat/completions", CHAT);
        assertThat(quick.statusCode()).isEqualTo(200);
        assertThat(keysSeen).hasSize(1);

        keysSeen.clear();
        List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        gemini.dispatcher(rec -> {
            arrivals.add((System.nanoTime() - t0) / 1_000_000);
            keysSeen.add(rec.header("x-goog-api-key"));
            return arrivals.size() == 1
                    ? Reply.json(200, GeminiFixtures.text("late first")).delayed(Duration.ofMillis(1500))
                    : Reply.json(200, GeminiFixtures.text("hedged answer"));
        });
        HttpResponse<String> hedged = gw.post("/v1/chat/completions", CHAT);
        assertThat(hedged.statusCode()).isEqualTo(200);
        assertThat(keysSeen).hasSize(3).doesNotHaveDuplicates();
        assertThat(arrivals.get(0)).isLessThan(250);
        assertThat(arrivals.get(1)).isGreaterThanOrEqualTo(280);
    }

    @Test
    void fewerEligibleCredentialsMeansFewerRacers() {
        gateway("race: {enabled: true, racers: 5}");
        gemini.byKey(key -> Reply.json(200, GeminiFixtures.text("ok " + key.substring(4, 8))));

        HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(keysSeen).hasSize(3).doesNotHaveDuplicates();
    }
}
