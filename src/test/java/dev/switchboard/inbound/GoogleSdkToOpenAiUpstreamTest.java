package dev.switchboard.inbound;

import static dev.switchboard.inbound.OpenAiApiTest.json;
import static dev.switchboard.testing.OpenAiFixtures.chunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.Tool;
import com.google.genai.types.Type;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.OpenAiFixtures;
import dev.switchboard.testing.TestGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Google's own Gen AI SDK on the native Gemini surface, with the model served by an OpenAI-compatible upstream:
 * the request is translated to OpenAI's chat format and the answer back to Gemini's, and Google's client has to
 * accept what comes back (text, streams, function calls, usage, finish reasons, errors).
 */
class GoogleSdkToOpenAiUpstreamTest {
    static final String UPSTREAM_KEY = "sk-upstream-0001";

    FakeUpstream openai;
    TestGateway gw;
    Client client;

    @BeforeEach
    void start() {
        openai = FakeUpstream.startAlone();
        gw = TestGateway.withOpenAi(openai, UPSTREAM_KEY, "gpt-4o-mini");
        client = GoogleSdkTest.client(gw);
    }

    @AfterEach
    void stop() {
        client.close();
        gw.close();
        openai.close();
    }

    static String completion(String message, String finish) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1748488520,"model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":%s,"logprobs":null,"finish_reason":"%s"}],
                 "usage":{"prompt_tokens":11,"completion_tokens":4,"total_tokens":15}}""".formatted(message, finish);
    }

    @Test
    void generateContentIsTranslatedBothWays() {
        openai.enqueue(Reply.json(200, completion("{\"role\":\"assistant\",\"content\":\"Bonjour !\"}", "stop")));

        GenerateContentResponse r = client.models.generateContent("gpt-4o-mini", "Say hello in French",
                GenerateContentConfig.builder().systemInstruction(Content.fromParts(Part.fromText("Be brief.")))
                        .temperature(0.2f).maxOutputTokens(64).build());

        assertThat(r.text()).isEqualTo("Bonjour !");
        assertThat(r.finishReason().knownEnum()).isEqualTo(FinishReason.Known.STOP);
        assertThat(r.modelVersion()).contains("gpt-4o-mini");
        assertThat(r.usageMetadata().orElseThrow().promptTokenCount()).contains(11);
        assertThat(r.usageMetadata().orElseThrow().candidatesTokenCount()).contains(4);
        assertThat(r.usageMetadata().orElseThrow().totalTokenCount()).contains(15);
        FakeUpstream.Recorded seen = openai.takeRequest();
        assertThat(seen.path()).isEqualTo("/v1/chat/completions");
        assertThat(seen.header("authorization")).isEqualTo("Bearer " + UPSTREAM_KEY);
        JsonNode sent = json(seen.body());
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.at("/messages/0/content").toString()).contains("Be brief.");
        assertThat(sent.at("/messages/1/role").asText()).isEqualTo("user");
        assertThat(sent.at("/messages/1/content").toString()).contains("Say hello in French");
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(sent.path("stream").asBoolean(false)).isFalse();
    }

    @Test
    void aStreamArrivesAsGoogleChunksWithUsageAndTheFinishReason() {
        String sse = OpenAiFixtures.sse(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk("{\"content\":\"Un, \"}", null), chunk("{\"content\":\"deux, trois\"}", null),
                chunk("{}", "stop"), OpenAiFixtures.usageChunk(6, 5), "[DONE]");
        openai.enqueue(Reply.sse(sse, Duration.ofMillis(3), 9, sse.indexOf("deux") + 2, sse.indexOf("[DONE]") - 3));

        StringBuilder text = new StringBuilder();
        List<GenerateContentResponse> chunks = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> stream =
                     client.models.generateContentStream("gpt-4o-mini", "Count to three in French", null)) {
            for (GenerateContentResponse c : stream) {
                chunks.add(c);
                if (c.text() != null) text.append(c.text());
            }
        }

        assertThat(text).hasToString("Un, deux, trois");
        assertThat(chunks.stream().filter(c -> c.candidates().isPresent() && !c.candidates().get().isEmpty()
                && c.finishReason().knownEnum() == FinishReason.Known.STOP)).hasSize(1);
        assertThat(chunks.getLast().usageMetadata().flatMap(u -> u.totalTokenCount())).contains(11);
        JsonNode sent = json(openai.takeRequest().body());
        assertThat(sent.path("stream").asBoolean()).isTrue();
    }

    @Test
    void functionCallsRoundTripThroughOpenAiToolCalls() {
        openai.enqueue(Reply.json(200, completion("""
                        {"role":"assistant","content":null,"tool_calls":[{"id":"call_abc","type":"function",
                          "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}""", "tool_calls")))
                .enqueue(Reply.json(200, completion("{\"role\":\"assistant\",\"content\":\"21 °C in Paris.\"}", "stop")));
        Tool weather = Tool.builder().functionDeclarations(FunctionDeclaration.builder().name("get_weather")
                .description("Current weather").parameters(Schema.builder().type(Type.Known.OBJECT)
                        .properties(Map.of("city", Schema.builder().type(Type.Known.STRING).build()))
                        .required("city").build())
                .build()).build();
        GenerateContentConfig config = GenerateContentConfig.builder().tools(weather).build();
        Content question = Content.builder().role("user").parts(Part.fromText("Weather in Paris?")).build();

        GenerateContentResponse asked = client.models.generateContent("gpt-4o-mini", List.of(question), config);

        List<FunctionCall> calls = asked.functionCalls();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).name()).contains("get_weather");
        assertThat(calls.get(0).args().orElseThrow()).containsEntry("city", "Paris");
        JsonNode firstSent = json(openai.takeRequest().body());
        assertThat(firstSent.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(firstSent.at("/tools/0/function/parameters/properties/city/type").asText()).isEqualToIgnoringCase("string");

        Content modelTurn = asked.candidates().orElseThrow().get(0).content().orElseThrow();
        Content toolTurn = Content.builder().role("user").parts(Part.fromFunctionResponse("get_weather",
                Map.of("celsius", 21))).build();
        GenerateContentResponse answered = client.models.generateContent("gpt-4o-mini",
                List.of(question, modelTurn, toolTurn), config);

        assertThat(answered.text()).isEqualTo("21 °C in Paris.");
        JsonNode messages = json(openai.takeRequest().body()).path("messages");
        assertThat(messages).hasSize(3);
        JsonNode call = messages.get(1).at("/tool_calls/0");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(json(call.at("/function/arguments").asText()).path("city").asText()).isEqualTo("Paris");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).path("tool_call_id").asText()).isEqualTo(call.path("id").asText()).isNotEmpty();
        assertThat(messages.get(2).path("content").toString()).contains("21");
    }

    @Test
    void upstreamErrorsReachTheSdkInGooglesShape() {
        openai.enqueue(Reply.json(400, """
                {"error":{"message":"Invalid value for 'temperature': must be at most 2.","type":"invalid_request_error",
                  "param":"temperature","code":"invalid_value"}}"""));

        assertThatThrownBy(() -> client.models.generateContent("gpt-4o-mini", "x",
                GenerateContentConfig.builder().temperature(7f).build()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.status()).isEqualTo("INVALID_ARGUMENT");
                    assertThat(e.message()).contains("temperature").doesNotContain(UPSTREAM_KEY);
                });
    }
}
