package dev.switchboard.observe;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.switchboard.testing.CapturedLogs;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.TestGateway;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The access log line and the debug translation log, captured from real requests through the gateway. */
class AccessLogTest {
    static final String A = "AIzaKEY-A-000000000000000000000001";
    static final String B = "AIzaKEY-B-000000000000000000000002";

    FakeUpstream gemini;
    TestGateway gw;
    CapturedLogs access;

    @BeforeEach
    void start() {
        gemini = FakeUpstream.startAlone();
        gw = TestGateway.start("{}", Map.of("GEMINI_API_KEYS", A + "," + B, "GEMINI_BASE_URL", gemini.baseUrl(),
                "SWITCHBOARD_API_KEYS", "sk-client-1"));
        access = CapturedLogs.of(AccessLog.NAME, Level.INFO);
    }

    @AfterEach
    void stop() {
        access.close();
        gw.close();
        gemini.close();
    }

    HttpResponse<String> chat(String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "authorization";
        all[1] = "Bearer sk-client-1";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return gw.post("/v1/chat/completions", body, all);
    }

    Map<String, String> lineFor(String requestId) {
        return CapturedLogs.fields(access.await(e -> requestId.equals(CapturedLogs.fields(e).get("request_id"))));
    }

    @Test
    void oneLinePerRequestWithModelProviderMaskedCredentialStatusLatencyAndTokens() {
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("Hello")));

        HttpResponse<String> r = chat(CHAT, "x-request-id", "req-abc-123");

        assertThat(r.headers().firstValue("x-request-id")).contains("req-abc-123");
        Map<String, String> f = lineFor("req-abc-123");
        assertThat(f).containsEntry("api", "openai").containsEntry("method", "POST")
                .containsEntry("path", "/v1/chat/completions").containsEntry("status", "200")
                .containsEntry("model", "gemini-2.5-flash").containsEntry("provider", "gemini")
                .containsEntry("upstream_model", "gemini-2.5-flash").containsEntry("stream", "false")
                .containsEntry("attempts", "1").containsEntry("failovers", "0")
                .containsEntry("tokens_in", "7").containsEntry("tokens_out", "5")
                .doesNotContainKey("error");
        assertThat(f.get("credential")).isIn("gemini:AIza…0001", "gemini:AIza…0002");
        assertThat(Double.parseDouble(f.get("duration_ms"))).isPositive();
        assertThat(Double.parseDouble(f.get("overhead_ms"))).isBetween(0.0, Double.parseDouble(f.get("duration_ms")));
        ILoggingEvent e = access.events().getFirst();
        assertThat(e.getFormattedMessage()).startsWith("POST /v1/chat/completions 200 ")
                .contains("model=gemini-2.5-flash").contains("credential=gemini:AIza…000").contains("tokens_in=7");
        assertThat(access.events()).hasSize(1).noneMatch(x -> x.getFormattedMessage().contains(A)
                || x.getFormattedMessage().contains(B) || x.getFormattedMessage().contains("sk-client-1"));
    }

    @Test
    void aRequestIdIsMadeWhenTheClientSendsNone() {
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("Hello")));

        HttpResponse<String> r = chat(CHAT);

        String id = r.headers().firstValue("x-request-id").orElseThrow();
        assertThat(id).matches("[0-9a-z]{16}");
        assertThat(lineFor(id)).containsEntry("status", "200");
    }

    @Test
    void aFailoverShowsTwoAttemptsAndTheCredentialThatServed() {
        gemini.dispatcher(rec -> rec.header("x-goog-api-key").equals(A)
                ? Reply.json(503, GeminiFixtures.error(503, "UNAVAILABLE", "The model is overloaded."))
                : Reply.json(200, GeminiFixtures.text("from B")));

        for (int i = 0; i < 2; i++) chat(CHAT, "x-request-id", "fo-" + i);

        // round robin starts on either key; one of the two requests met A first
        List<Map<String, String>> lines = List.of(lineFor("fo-0"), lineFor("fo-1"));
        assertThat(lines).allSatisfy(f -> assertThat(f).containsEntry("status", "200")
                .containsEntry("credential", "gemini:AIza…0002"));
        assertThat(lines).anySatisfy(f -> assertThat(f).containsEntry("attempts", "2").containsEntry("failovers", "1"));
    }

    @Test
    void aFailedRequestSaysWhyWithoutSecrets() {
        gemini.dispatcher(rec -> Reply.json(429,
                GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "30s")));

        assertThat(chat(CHAT, "x-request-id", "limited").statusCode()).isEqualTo(429);

        Map<String, String> f = lineFor("limited");
        assertThat(f).containsEntry("status", "429").containsKey("error");
        assertThat(f.get("error")).containsIgnoringCase("cooling").doesNotContain(A).doesNotContain(B);
        assertThat(f.get("attempts")).isEqualTo("2");
    }

    @Test
    void aClientThatLeavesMidStreamIsLoggedAs499() throws Exception {
        String[] events = new String[40];
        for (int i = 0; i < events.length; i++) events[i] = GeminiFixtures.chunk("tok" + i + " ", null);
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(100), events));

        HttpResponse<InputStream> r = gw.postStreaming("/v1/chat/completions",
                CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""), "authorization", "Bearer sk-client-1",
                "x-request-id", "leaver");
        assertThat(r.headers().firstValue("x-switchboard-overhead-ms")).isPresent();
        InputStream in = r.body();
        assertThat(in.read(new byte[64])).isPositive();
        in.close();

        Map<String, String> f = lineFor("leaver");
        assertThat(f).containsEntry("status", "499").containsEntry("stream", "true").containsKey("ttft_ms");
    }

    @Test
    void debugTranslationLogsEachStepWithSecretsMasked() {
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("your key was " + A + ", or was it " + B + "?")));
        try (CapturedLogs debug = CapturedLogs.of(TranslationLog.NAME, Level.DEBUG)) {
            chat(CHAT, "x-request-id", "dbg-1");

            ILoggingEvent in = debug.await(e -> "client_request".equals(CapturedLogs.fields(e).get("step")));
            ILoggingEvent sent = debug.await(e -> "upstream_request".equals(CapturedLogs.fields(e).get("step")));
            ILoggingEvent back = debug.await(e -> "upstream_response".equals(CapturedLogs.fields(e).get("step")));
            assertThat(in.getFormattedMessage()).contains("\"content\":\"hi\"").contains("dbg-1");
            assertThat(sent.getFormattedMessage()).contains(":generateContent").contains("\"contents\"");
            assertThat(back.getFormattedMessage()).contains("your key was AIza…0001").contains("AIza…0002");
            assertThat(debug.events()).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(A).doesNotContain(B));
        }
    }

    @Test
    void debugTranslationIsSilentByDefault() {
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("Hello")));
        try (CapturedLogs debug = CapturedLogs.of(TranslationLog.NAME, Level.INFO)) {
            chat(CHAT, "x-request-id", "quiet");
            lineFor("quiet");
            assertThat(debug.events()).isEmpty();
        }
    }
}
