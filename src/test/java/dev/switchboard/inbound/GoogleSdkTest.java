package dev.switchboard.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.genai.Client;
import com.google.genai.Pager;
import com.google.genai.ResponseStream;
import com.google.genai.types.CountTokensResponse;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Model;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.TestGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Google's own Gen AI SDK for Java, pointed at the gateway: what a real Gemini client sees. */
class GoogleSdkTest {
    static final String KEY = TestGateway.GEMINI_KEY;
    static final String CLIENT = TestGateway.CLIENT_KEY;

    FakeUpstream gemini;
    TestGateway gw;
    Client client;

    @BeforeEach
    void start() {
        gemini = FakeUpstream.startAlone();
        gw = TestGateway.withGemini(gemini, "routing: {builtin_aliases: false}", Map.of());
        client = client(gw);
    }

    /** Google's client for the Gemini API, pointed at {@code gw} with the gateway's client key. */
    static Client client(TestGateway gw) {
        return Client.builder().apiKey(TestGateway.CLIENT_KEY).vertexAI(false)
                .httpOptions(HttpOptions.builder().baseUrl(gw.url("/")).timeout(30_000).build())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        gw.close();
        gemini.close();
    }

    @Test
    void generateContent() {
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("Hello from upstream")));

        GenerateContentResponse r = client.models.generateContent("gemini-2.5-flash", "Say hello", null);

        assertThat(r.text()).isEqualTo("Hello from upstream");
        assertThat(r.modelVersion()).contains("gemini-2.5-flash");
        assertThat(r.usageMetadata().flatMap(u -> u.totalTokenCount())).contains(12);
        FakeUpstream.Recorded seen = gemini.takeRequest();
        assertThat(seen.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(seen.header("x-goog-api-key")).isEqualTo(KEY);
        assertThat(seen.body()).contains("Say hello").doesNotContain(CLIENT);
    }

    @Test
    void generateContentStream() {
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(5), GeminiFixtures.chunk("Hel", null),
                GeminiFixtures.chunk("lo wörld", null), GeminiFixtures.chunk("!", "STOP")));

        List<String> texts = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> stream =
                     client.models.generateContentStream("gemini-2.5-flash", "Say hello", null)) {
            for (GenerateContentResponse chunk : stream) texts.add(chunk.text());
        }

        assertThat(texts).containsExactly("Hel", "lo wörld", "!");
        FakeUpstream.Recorded seen = gemini.takeRequest();
        assertThat(seen.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
        assertThat(seen.query()).isEqualTo("alt=sse");
    }

    @Test
    void listModels() {
        gemini.dispatcher(rec -> rec.method().equals("GET")
                ? Reply.json(200, """
                        {"models": [{"name": "models/gemini-2.5-flash", "displayName": "Gemini 2.5 Flash",
                          "inputTokenLimit": 1048576, "supportedGenerationMethods": ["generateContent"]},
                         {"name": "models/gemini-2.5-pro", "displayName": "Gemini 2.5 Pro"}]}""")
                : Reply.json(404, GeminiFixtures.error(404, "NOT_FOUND", "no")));

        Pager<Model> pager = client.models.list(null);
        List<String> names = new ArrayList<>();
        for (Model m : pager) names.add(m.name().orElse(""));

        assertThat(names).containsExactly("models/gemini-2.5-flash", "models/gemini-2.5-pro");
        Model flash = client.models.get("gemini-2.5-flash", null);
        assertThat(flash.displayName()).contains("Gemini 2.5 Flash");
        assertThat(flash.inputTokenLimit()).contains(1048576);
    }

    @Test
    void countTokensAndEmbeddings() {
        gemini.enqueue(Reply.json(200, "{\"totalTokens\": 31}"))
                .enqueue(Reply.json(200, "{\"embeddings\": [{\"values\": [0.5, -0.25]}]}"));

        CountTokensResponse count = client.models.countTokens("gemini-2.5-flash", "how many?", null);
        EmbedContentResponse embedded = client.models.embedContent("text-embedding-004", "embed me", null);

        assertThat(count.totalTokens()).contains(31);
        assertThat(embedded.embeddings().orElseThrow()).extracting(e -> e.values().orElseThrow())
                .containsExactly(List.of(0.5f, -0.25f));
        assertThat(gemini.takeRequest().path()).isEqualTo("/v1beta/models/gemini-2.5-flash:countTokens");
        assertThat(gemini.takeRequest().path()).isEqualTo("/v1beta/models/text-embedding-004:batchEmbedContents");
    }

    @Test
    void errorsReachTheSdkWithGooglesStatus() {
        gemini.enqueue(Reply.json(400, GeminiFixtures.error(400, "INVALID_ARGUMENT", "contents.parts must not be empty")));

        try {
            client.models.generateContent("gemini-2.5-flash", "x", null);
            throw new AssertionError("expected an error");
        } catch (com.google.genai.errors.ApiException e) {
            assertThat(e.code()).isEqualTo(400);
            assertThat(e.status()).isEqualTo("INVALID_ARGUMENT");
            assertThat(e.message()).contains("must not be empty");
        }
    }
}
