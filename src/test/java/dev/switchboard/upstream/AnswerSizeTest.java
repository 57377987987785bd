package dev.switchboard.upstream;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Piece;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.GeminiGateway;
import dev.switchboard.testing.TestGateway;
import io.vertx.core.MultiMap;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code upstream.max_response_bytes} holds however the answer arrives: with its length announced, chunked
 * without one, or compressed small and inflating large. The limit counts the bytes as read, so no upstream
 * can make the gateway hold more than that for one answer.
 */
class AnswerSizeTest {
    static final String KEY = "AIzaSizeTestKey00000000000000000000001";
    static final int LIMIT = 4096;

    GeminiGateway g;
    FakeUpstream gemini;
    TestGateway gw;

    @BeforeEach
    void start() {
        g = GeminiGateway.start("upstream: {max_response_bytes: " + LIMIT + "}",
                Map.of("GEMINI_API_KEYS", KEY, "MAX_ATTEMPTS", "1"));
        gemini = g.gemini;
        gw = g.gw;
    }

    @AfterEach
    void stop() {
        g.close();
    }

    /** A Gemini answer whose text makes it about {@code bytes} long, sent chunked in pieces of 1,000 bytes. */
    static Reply answerOf(int bytes) {
        String json = GeminiFixtures.text("x".repeat(Math.max(0, bytes - GeminiFixtures.text("").length())));
        byte[] all = json.getBytes(StandardCharsets.UTF_8);
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < all.length; i += 1000) {
            pieces.add(new Piece(java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + 1000)), Duration.ZERO));
        }
        return new Reply(200, MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"), pieces,
                false, Duration.ZERO);
    }

    @Test
    void anAnswerInManyPiecesUnderTheLimitIsWhole() {
        gemini.enqueue(answerOf(LIMIT - 100));

        HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(tree(r.body()).at("/choices/0/message/content").asText()).hasSize(LIMIT - 100 - GeminiFixtures.text("").length());
    }

    @Test
    void aChunkedAnswerOverTheLimitIsABadGateway() {
        gemini.enqueue(answerOf(3 * LIMIT));

        HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT);

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(tree(r.body()).at("/error/message").asText()).contains("larger than " + LIMIT + " bytes");
    }

    @Test
    void aSmallCompressedAnswerThatInflatesOverTheLimitIsABadGateway() {
        Reply bomb = answerOf(50 * LIMIT).gzipped();
        assertThat(bomb.pieces().stream().mapToInt(p -> p.bytes().length).sum()).isLessThan(LIMIT);
        gemini.enqueue(bomb);

        HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT);

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(tree(r.body()).at("/error/message").asText()).contains("larger than " + LIMIT + " bytes");
        // The gateway still answers afterwards.
        gemini.enqueue(answerOf(500));
        assertThat(gw.post("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
    }
}
