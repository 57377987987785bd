package dev.switchboard.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenAI's {@code /v1/embeddings} served by Gemini's embedContent and batchEmbedContents, end to end. */
class EmbeddingsApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "AIzaSyFAKE-key-0001-abcdefghijklmnop";
    static final String KEY_B = "AIzaSyFAKE-key-0002-abcdefghijklmnoq";

    FakeUpstream gemini;
    TestGateway gw;

    @BeforeEach
    void start() {
        gemini = FakeUpstream.startAlone();
        gw = TestGateway.start("""
                providers:
                  - type: gemini
                    base_url: %s
                    credentials:
                      - {key: %s, models: [text-embedding-004, {name: gemini-embedding-001, alias: text-embedding-3-small}]}
                      - {key: %s, models: [text-embedding-004, {name: gemini-embedding-001, alias: text-embedding-3-small}]}
                server: {client_keys: [sk-client-1]}
                """.formatted(gemini.baseUrl(), KEY, KEY_B), Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
        gemini.close();
    }

    HttpResponse<String> embed(String body) {
        return gw.post("/v1/embeddings", body, "authorization", "Bearer sk-client-1");
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    @Test
    void oneTextBecomesEmbedContentAndComesBackInOpenAiShape() {
        gemini.enqueue(Reply.json(200, "{\"embedding\": {\"values\": [0.013168523, -0.008711934, 0.25]}}"));

        HttpResponse<String> r = embed("{\"model\":\"text-embedding-004\",\"input\":\"hello world\",\"dimensions\":3}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body())).isEqualTo(json("""
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.013168523,-0.008711934,0.25]}],
                 "model":"text-embedding-004","usage":{"prompt_tokens":0,"total_tokens":0}}"""));
        FakeUpstream.Recorded seen = gemini.takeRequest();
        assertThat(seen.path()).isEqualTo("/v1beta/models/text-embedding-004:embedContent");
        assertThat(json(seen.body())).isEqualTo(json("""
                {"model":"models/text-embedding-004","content":{"parts":[{"text":"hello world"}]},"outputDimensionality":3}"""));
        assertThat(seen.header("x-goog-api-key")).isIn(KEY, KEY_B);
        assertThat(seen.headers().toString()).doesNotContain("sk-client-1");
    }

    @Test
    void aListBecomesBatchEmbedContentsForTheRoutedModel() {
        gemini.enqueue(Reply.json(200, "{\"embeddings\": [{\"values\": [0.1, 0.2]}, {\"values\": [0.3, 0.4]}]}"));

        HttpResponse<String> r = embed("{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"]}");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r.body());
        assertThat(body.path("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(body.at("/data/1/index").asInt()).isEqualTo(1);
        assertThat(body.at("/data/1/embedding").toString()).isEqualTo("[0.3,0.4]");
        FakeUpstream.Recorded seen = gemini.takeRequest();
        assertThat(seen.path()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(json(seen.body())).isEqualTo(json("""
                {"requests":[{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"a"}]}},
                             {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"b"}]}}]}"""));
    }

    @Test
    void base64EncodingIsLittleEndianFloat32() {
        gemini.enqueue(Reply.json(200, "{\"embedding\": {\"values\": [1.5, -0.25]}}"));

        HttpResponse<String> r = embed("{\"model\":\"text-embedding-004\",\"input\":\"x\",\"encoding_format\":\"base64\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(json(r.body()).at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.remaining()).isEqualTo(8);
        assertThat(b.getFloat()).isEqualTo(1.5f);
        assertThat(b.getFloat()).isEqualTo(-0.25f);
    }

    @Test
    void a429MovesTheRequestToTheOtherKey() {
        gemini.dispatcher(rec -> rec.header("x-goog-api-key").equals(KEY)
                ? Reply.json(429, GeminiFixtures.rateLimited("EmbedContentRequestsPerMinutePerProjectPerModel-FreeTier", "9s"))
                : Reply.json(200, "{\"embedding\": {\"values\": [1]}}"));

        for (int i = 0; i < 3; i++) assertThat(embed("{\"model\":\"text-embedding-004\",\"input\":\"x\"}").statusCode()).isEqualTo(200);

        assertThat(gemini.requestCount()).isEqualTo(4);
    }

    @Test
    void badInputIsAnOpenAiError() {
        for (String body : new String[] {
                "{\"model\":\"text-embedding-004\",\"input\":[1,2,3]}",
                "{\"model\":\"text-embedding-004\",\"input\":[[1,2],[3]]}",
                "{\"model\":\"text-embedding-004\",\"input\":[]}",
                "{\"model\":\"text-embedding-004\"}",
                "{\"input\":\"x\"}",
                "{\"model\":\"text-embedding-004\",\"input\":\"x\",\"encoding_format\":\"int8\"}",
                "{\"model\":\"text-embedding-004\",\"input\":\"x\",\"dimensions\":0}"}) {
            HttpResponse<String> r = embed(body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(json(r.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        }
        assertThat(json(embed("{\"model\":\"text-embedding-004\",\"input\":[1,2,3]}").body()).at("/error/message").asText())
                .contains("token arrays");
        HttpResponse<String> unknown = embed("{\"model\":\"nope\",\"input\":\"x\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(gemini.requestCount()).isZero();
    }

    @Test
    void upstreamErrorsAreOpenAiShaped() {
        gemini.enqueue(Reply.json(400, GeminiFixtures.error(400, "INVALID_ARGUMENT", "Request contains an invalid argument.")));

        HttpResponse<String> r = embed("{\"model\":\"text-embedding-004\",\"input\":\"x\"}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).at("/error/message").asText()).contains("invalid argument");
        assertThat(json(r.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
    }
}
