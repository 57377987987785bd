package dev.switchboard.upstream;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.GeminiGateway;
import dev.switchboard.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upstream answers compressed with gzip. The gateway asks for none ({@code Accept-Encoding: identity}: a
 * compressed stream can be held back by the server or a proxy until a block fills, and on the event loop
 * inflating costs more than the bytes saved), but servers and proxies that compress anyway must still be
 * understood: answers, errors, and streams whose events arrive as flushed pieces of one gzip stream.
 */
class CompressedAnswersTest {
    static final String KEY = "AIzaGzipTestKey00000000000000000000001";

    GeminiGateway g;
    FakeUpstream gemini;
    TestGateway gw;

    @BeforeEach
    void start() {
        g = GeminiGateway.start("{}", Map.of("GEMINI_API_KEYS", KEY));
        gemini = g.gemini;
        gw = g.gw;
    }

    @AfterEach
    void stop() {
        g.close();
    }

    @Test
    void gzippedAnswersAreReadThoughEveryRequestAsksForNone() {
        for (int i = 0; i < 3; i++) {
            gemini.enqueue(Reply.json(200, GeminiFixtures.text("compressed answer " + i)).gzipped());
            HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(tree(r.body()).at("/choices/0/message/content").asText()).isEqualTo("compressed answer " + i);
            assertThat(gemini.takeRequest().header("accept-encoding")).isEqualTo("identity");
        }
    }

    @Test
    void aGzippedStreamIsRelayedEventByEvent() {
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("squeezed ", null),
                GeminiFixtures.chunk("and ", null), GeminiFixtures.chunk("streamed", "STOP")).gzipped());

        HttpResponse<String> r = gw.post("/v1/chat/completions",
                "{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestGateway.streamedText(r.body())).isEqualTo("squeezed and streamed");
        assertThat(TestGateway.sseData(r.body()).getLast()).isEqualTo("[DONE]");
    }

    @Test
    void aGzippedErrorIsStillUnderstood() {
        gemini.enqueue(Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "7s"))
                .gzipped());

        HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT);

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).doesNotContain(KEY);
        assertThat(r.headers().firstValue("retry-after")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 7));
    }
}
