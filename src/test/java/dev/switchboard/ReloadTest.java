package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.CapturedLogs;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Recorded;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.TestGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live configuration: the file (or POST /admin/reload) changes what serves, without failing requests in flight. */
class ReloadTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String A = "AIzaKEY-A-000000000000000000000001";
    static final String B = "AIzaKEY-B-000000000000000000000002";
    static final String C = "AIzaKEY-C-000000000000000000000003";
    static final String CLIENT = "sk-client-1";
    static final String CHAT = "{\"model\":\"my-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;
    Path file;
    FakeUpstream gemini;
    TestGateway gw;
    final ConcurrentLinkedQueue<Recorded> seen = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() {
        gemini = FakeUpstream.startAlone();
        file = dir.resolve("switchboard.yaml");
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        gemini.close();
    }

    @Test
    void reloadUnderLoadFailsNoRequestAndTheNextOnesUseTheNewConfiguration() throws Exception {
        answerAfter(Duration.ofMillis(60));
        write(config("0", "gemini-2.5-flash", A));
        gw = TestGateway.startFromFile(file, Map.of());

        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<List<Integer>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) results.add(clients.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 40; i++) statuses.add(chat().statusCode());
                return statuses;
            }));
            Thread.sleep(400);
            write(config("0", "gemini-2.5-flash", A, B));
            assertThat(reload().statusCode()).isEqualTo(200);
            Thread.sleep(400);
            write(config("0", "gemini-2.5-pro", A, B));
            assertThat(reload().statusCode()).isEqualTo(200);
            for (Future<List<Integer>> r : results) assertThat(r.get(30, TimeUnit.SECONDS)).hasSize(40).containsOnly(200);
        } finally {
            clients.shutdownNow();
        }

        assertThat(seen).anyMatch(r -> B.equals(r.header("x-goog-api-key")));
        assertThat(seen).anyMatch(r -> r.path().contains("gemini-2.5-flash"));
        seen.clear();
        assertThat(chat().statusCode()).isEqualTo(200);
        assertThat(seen).singleElement().satisfies(r -> assertThat(r.path()).contains("/models/gemini-2.5-pro:"));
    }

    @Test
    void unchangedCredentialsKeepTheirCooldown() throws Exception {
        gemini.dispatcher(rec -> {
            seen.add(rec);
            return A.equals(rec.header("x-goog-api-key"))
                    ? Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "60s"))
                    : Reply.json(200, GeminiFixtures.text("ok"));
        });
        write(config("0", "gemini-2.5-flash", A, B));
        gw = TestGateway.startFromFile(file, Map.of());
        for (int i = 0; i < 2; i++) assertThat(chat().statusCode()).isEqualTo(200);
        assertThat(seen).anyMatch(r -> A.equals(r.header("x-goog-api-key")));

        write(config("0", "gemini-2.5-flash", A, B, C));
        assertThat(reload().statusCode()).isEqualTo(200);

        JsonNode status = JSON.readTree(gw.get("/status.json").body());
        assertThat(status.at("/providers/0/credentials")).hasSize(3);
        assertThat(status.at("/providers/0/credentials/0/state").asText()).isEqualTo("cooling");
        seen.clear();
        for (int i = 0; i < 6; i++) assertThat(chat().statusCode()).isEqualTo(200);
        assertThat(seen).hasSize(6).noneMatch(r -> A.equals(r.header("x-goog-api-key")))
                .anyMatch(r -> C.equals(r.header("x-goog-api-key")));
    }

    @Test
    void anInvalidConfigurationIsRejectedAndTheOldOneKeepsServing() throws Exception {
        answerAfter(Duration.ZERO);
        write(config("0", "gemini-2.5-flash", A));
        gw = TestGateway.startFromFile(file, Map.of());
        write(config("0", "gemini-2.5-flash", A).replace("type: gemini", "type: nonsense"));

        try (CapturedLogs logs = CapturedLogs.of("dev.switchboard.Gateway", Level.INFO)) {
            assertThat(gw.post("/admin/reload", "").statusCode()).isEqualTo(401);
            HttpResponse<String> r = reload();

            assertThat(r.statusCode()).isEqualTo(400);
            String error = JSON.readTree(r.body()).path("error").asText();
            assertThat(error).startsWith("providers[0].type: unknown provider type 'nonsense'");
            assertThat(r.body()).doesNotContain(A);
            logs.await(e -> e.getLevel() == Level.ERROR && e.getFormattedMessage()
                    .equals("configuration in " + file + " rejected, keeping the previous one: " + error));
        }
        assertThat(chat().statusCode()).isEqualTo(200);
        assertThat(seen).singleElement().satisfies(rec -> assertThat(rec.header("x-goog-api-key")).isEqualTo(A));
    }

    @Test
    void aChangedFileIsPickedUpWithoutBeingAsked() throws Exception {
        answerAfter(Duration.ZERO);
        write(config("200ms", "gemini-2.5-flash", A));
        gw = TestGateway.startFromFile(file, Map.of());
        assertThat(chat().statusCode()).isEqualTo(200);

        try (CapturedLogs logs = CapturedLogs.of("dev.switchboard.Gateway", Level.INFO)) {
            write(config("200ms", "gemini-2.5-pro", A).replace("upstream: {}", "upstream: {connect_timeout: 3s}"));
            logs.await(e -> e.getFormattedMessage().equals("configuration reloaded from " + file + ": 1 providers, 1 credentials"));
            assertThat(logs.events()).anyMatch(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains("changes upstream, which take effect only after a restart"));
        }
        seen.clear();
        assertThat(chat().statusCode()).isEqualTo(200);
        assertThat(seen).singleElement().satisfies(r -> assertThat(r.path()).contains("/models/gemini-2.5-pro:"));
    }

    private String config(String reloadInterval, String aliasTarget, String... keys) {
        return """
                server:
                  reload_interval: %s
                  client_keys: [%s]
                upstream: {}
                providers:
                  - type: gemini
                    base_url: %s
                    keys: [%s]
                routing:
                  aliases:
                    my-model: %s
                """.formatted(reloadInterval, CLIENT, gemini.baseUrl(), String.join(", ", keys), aliasTarget);
    }

    /** Replaces the file in one step, as editors and config-map mounts do, so no half-written file is read. */
    private void write(String yaml) throws IOException {
        Path tmp = Files.writeString(dir.resolve("next.yaml"), yaml);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void answerAfter(Duration delay) {
        gemini.dispatcher(rec -> {
            seen.add(rec);
            return Reply.json(200, GeminiFixtures.text("ok")).delayed(delay);
        });
    }

    private HttpResponse<String> chat() {
        return gw.post("/v1/chat/completions", CHAT, "authorization", "Bearer " + CLIENT);
    }

    private HttpResponse<String> reload() {
        return gw.post("/admin/reload", "", "authorization", "Bearer " + CLIENT);
    }
}
