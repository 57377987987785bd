package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.TestGateway;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fake streaming and stream honesty, end to end. */
class FakeStreamingCallTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String STREAM = "{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    final FakeUpstream gemini = FakeUpstream.startAlone();
    TestGateway gw;

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        gemini.close();
    }

    void gateway(String yaml) {
        gw = TestGateway.start(yaml, Map.of("GEMINI_API_KEYS", "AIzaKEY-one-00000000000000000001,AIzaKEY-two-00000000000000000002",
                "GEMINI_BASE_URL", gemini.baseUrl()));
    }

    /** Reads the stream line by line, noting when each line arrived. */
    record Line(long atMs, String text) {}

    List<Line> readTimed(HttpResponse<InputStream> r) throws Exception {
        long t0 = System.nanoTime();
        List<Line> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) {
                if (!l.isEmpty()) out.add(new Line((System.nanoTime() - t0) / 1_000_000, l));
            }
        }
        return out;
    }

    @Test
    void keepAlivesAtTheIntervalThenAWellFormedStream() throws Exception {
        gateway("fake_streaming: {enabled: true, interval: 100ms}");
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("the whole answer")).delayed(Duration.ofMillis(550)));

        HttpResponse<InputStream> r = gw.postStreaming("/v1/chat/completions", STREAM);
        List<Line> lines = readTimed(r);

        assertThat(r.statusCode()).isEqualTo(200);
        List<Line> keepAlives = lines.stream().filter(l -> l.text().startsWith(":")).toList();
        assertThat(keepAlives).hasSizeBetween(3, 7);
        List<String> data = lines.stream().map(Line::text).filter(t -> t.startsWith("data: ")).map(t -> t.substring(6)).toList();
        assertThat(data.getLast()).isEqualTo("[DONE]");
        JsonNode first = JSON.readTree(data.getFirst());
        assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        String text = data.stream().filter(d -> !d.equals("[DONE]")).map(d -> {
            try {
                return JSON.readTree(d).at("/choices/0/delta/content").asText("");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).reduce("", String::concat);
        assertThat(text).isEqualTo("the whole answer");
        assertThat(String.join("\n", data)).contains("\"finish_reason\":\"stop\"").contains("\"total_tokens\":12");
        // the upstream was asked for a non-streaming answer
        assertThat(gemini.takeRequest().path()).endsWith(":generateContent");
    }

    @Test
    void aQuickFailureIsStillAPlainHttpError() {
        gateway("fake_streaming: {enabled: true, interval: 500ms}\nretry: {max_attempts: 1}");
        gemini.enqueue(Reply.json(400, GeminiFixtures.error(400, "INVALID_ARGUMENT", "bad request body")));

        HttpResponse<String> r = gw.post("/v1/chat/completions", STREAM);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("bad request body");
    }

    @Test
    void aFailureBeforeTheFirstByteIsRetriedOnAnotherKey() {
        gateway("{}");
        gemini.enqueue(Reply.json(503, GeminiFixtures.error(503, "UNAVAILABLE", "The model is overloaded.")));
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("second key", "STOP")));

        HttpResponse<String> r = gw.post("/v1/chat/completions", STREAM);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("second key").contains("\"finish_reason\":\"stop\"");
        String k1 = gemini.takeRequest().header("x-goog-api-key");
        String k2 = gemini.takeRequest().header("x-goog-api-key");
        assertThat(k1).isNotEqualTo(k2);
    }

    @Test
    void anEmptyStreamIsRetriedElsewhere() {
        gateway("{}");
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5),
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}]}"));
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("real answer", "STOP")));

        HttpResponse<String> r = gw.post("/v1/chat/completions", STREAM);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("real answer");
        assertThat(gemini.requestCount()).isEqualTo(2);
    }

    @Test
    void aStreamThatEndsWithoutAFinishReasonIsNotReportedAsStop() {
        gateway("{}");
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("cut", null)));

        HttpResponse<String> r = gw.post("/v1/chat/completions", STREAM);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("cut").doesNotContain("\"finish_reason\":\"stop\"").contains("\"error\"");
    }

    @Test
    void aStalledUpstreamIsTreatedAsFailed() {
        gateway("upstream: {stream_idle_timeout: 300ms}");
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("then silence", null))
                .withTail(Duration.ofSeconds(2)));

        long t0 = System.nanoTime();
        HttpResponse<String> r = gw.post("/v1/chat/completions", STREAM);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("then silence").contains("\"error\"").doesNotContain("\"finish_reason\":\"stop\"");
        assertThat(ms).isLessThan(1500);
    }
}
