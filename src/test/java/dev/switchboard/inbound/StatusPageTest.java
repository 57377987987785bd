package dev.switchboard.inbound;

import static dev.switchboard.testing.ChatBodies.CHAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.TestGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page: JSON for programs, a live HTML page for people. The page is checked in a real headless
 * Chromium when one is installed ({@code apt-get install chromium}; CI installs it), else that test is skipped.
 */
class StatusPageTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final String A = "AIzaKEY-A-000000000000000000000001";
    static final String B = "AIzaKEY-B-000000000000000000000002";

    FakeUpstream gemini;
    TestGateway gw;

    @BeforeEach
    void start() {
        gemini = FakeUpstream.startAlone();
        gw = TestGateway.start("{}", Map.of("GEMINI_API_KEYS", A + "," + B, "GEMINI_BASE_URL", gemini.baseUrl(),
                "SWITCHBOARD_API_KEYS", "sk-client-1"));
        gemini.dispatcher(rec -> rec.header("x-goog-api-key").equals(A)
                ? Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "30s"))
                : Reply.json(200, GeminiFixtures.text("ok")));
        // one request meets A (429, cooling) and fails over to B; then a few more on B
        for (int i = 0; i < 3; i++) {
            assertThat(gw.post("/v1/chat/completions", CHAT, "authorization", "Bearer sk-client-1").statusCode()).isEqualTo(200);
        }
    }

    @AfterEach
    void stop() {
        gw.close();
        gemini.close();
    }

    @Test
    void statusJsonShowsTrafficAndRecentErrorsWithoutSecrets() throws Exception {
        HttpResponse<String> r = gw.get("/status.json");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain(A).doesNotContain(B).doesNotContain("sk-client-1");
        JsonNode s = JSON.readTree(r.body());
        assertThat(s.at("/traffic/last_60s/requests").asInt()).isEqualTo(3);
        assertThat(s.at("/traffic/last_60s/errors").asInt()).isZero();
        assertThat(s.at("/traffic/history")).hasSize(30);
        assertThat(s.at("/time").asLong()).isPositive();
        JsonNode err = s.at("/recent_errors/0");
        assertThat(err.path("kind").asText()).isEqualTo("rate_limited");
        assertThat(err.path("status").asInt()).isEqualTo(429);
        assertThat(err.path("credential").asText()).isEqualTo("gemini:AIza…0001");
        assertThat(err.path("provider").asText()).isEqualTo("gemini");
        assertThat(err.path("message").asText()).isNotEmpty();
        assertThat(s.at("/providers/0/credentials/0/state").asText()).isEqualTo("cooling");

        assertThat(gw.get("/", "accept", "application/json").headers().firstValue("content-type")).contains("application/json");
        assertThat(gw.get("/health").headers().firstValue("content-type")).contains("application/json");
    }

    @Test
    void browsersGetASelfContainedPageWithAStrictContentSecurityPolicy() {
        HttpResponse<String> r = gw.get("/", "accept", "text/html,application/xhtml+xml,*/*;q=0.8");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        String csp = r.headers().firstValue("content-security-policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'").containsPattern("script-src 'sha256-[A-Za-z0-9+/=]{44}'")
                .containsPattern("style-src 'sha256-[A-Za-z0-9+/=]{44}'").contains("connect-src 'self'");
        assertThat(r.body()).contains("<script>").contains("status.json").doesNotContain("src=\"http")
                .doesNotContain("href=\"http");
    }

    @Test
    void aRealBrowserRendersCredentialsStatesAndErrors(@TempDir Path profile) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium)");

        String dom = chromium(profile, "--dump-dom", gw.url("/"));

        // these exist only after the page's script fetched status.json and rendered it
        assertThat(dom).contains("gemini:AIza…0001").contains("gemini:AIza…0002");
        assertThat(dom).containsPattern("class=\"badge s-cooling\">cooling<").containsPattern("class=\"badge s-healthy\">healthy<");
        assertThat(dom).contains("rate_limited").contains("updated ");
        assertThat(dom).containsPattern("id=\"rpm\">3<").containsPattern("id=\"available\">1 / 2<");
        assertThat(dom).doesNotContain(A).doesNotContain(B);

        String shot = System.getProperty("switchboard.screenshot", "");
        if (!shot.isEmpty()) chromium(profile, "--screenshot=" + shot, "--window-size=1280,900", gw.url("/"));
    }

    /** Runs headless Chromium on loopback only, with no network features of its own, and returns its stdout. */
    static String chromium(Path profile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}
