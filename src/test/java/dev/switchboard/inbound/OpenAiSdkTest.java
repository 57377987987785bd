package dev.switchboard.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.switchboard.inbound.OpenAiApiTest.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.models.Model;
import dev.switchboard.testing.ChatBodies;
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

/**
 * OpenAI's own Java SDK pointed at the gateway's OpenAI surface, with Gemini behind it: what a real OpenAI
 * client sees, including the SDK's structured outputs and class-derived tools, which parse the gateway's
 * answers into Java types and so fail on any field the translation gets wrong.
 */
class OpenAiSdkTest {
    static final String KEY = TestGateway.GEMINI_KEY;
    static final String CLIENT = TestGateway.CLIENT_KEY;

    FakeUpstream gemini;
    TestGateway gw;
    OpenAIClient client;

    @BeforeEach
    void start() {
        gemini = FakeUpstream.startAlone();
        gw = TestGateway.withGemini(gemini, "{}", Map.of());
        client = sdk(CLIENT);
    }

    OpenAIClient sdk(String apiKey) {
        // no retries: every status the gateway sends must reach the test as it is
        return OpenAIOkHttpClient.builder().apiKey(apiKey).baseUrl(gw.url("/v1")).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        gw.close();
        gemini.close();
    }

    @Test
    void chatCompletionKeepsTheModelNameTheClientAskedFor() {
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("Hello from upstream")));

        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addSystemMessage("Be brief.").addUserMessage("Say hello").build());

        assertThat(c.model()).isEqualTo("gpt-4o");
        assertThat(c.choices()).hasSize(1);
        assertThat(c.choices().get(0).message().content()).contains("Hello from upstream");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(7);
        assertThat(c.usage().orElseThrow().completionTokens()).isEqualTo(5);
        assertThat(c.usage().orElseThrow().totalTokens()).isEqualTo(12);
        FakeUpstream.Recorded seen = gemini.takeRequest();
        assertThat(seen.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        JsonNode body = json(seen.body());
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(body.at("/contents/0/parts/0/text").asText()).isEqualTo("Say hello");
        assertThat(seen.body()).doesNotContain(CLIENT);
    }

    @Test
    void streamingWithUsage() {
        String sse = "data: " + GeminiFixtures.chunk("Hel", null) + "\r\n\r\n"
                + "data: " + GeminiFixtures.chunk("lo wörld", null) + "\r\n\r\n"
                + "data: " + GeminiFixtures.chunk("!", "STOP") + "\r\n\r\n";
        // cut inside a multi-byte character and inside the CRLF pairs
        int umlaut = sse.indexOf("ö") + 1;
        gemini.enqueue(Reply.sse(sse, Duration.ofMillis(3), 7, umlaut, sse.indexOf("\r\n\r\n") + 1));

        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gemini-2.5-flash").addUserMessage("Say hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
            });
        }

        assertThat(text).hasToString("Hello wörld!");
        assertThat(chunks).allSatisfy(ch -> assertThat(ch.model()).isEqualTo("gemini-2.5-flash"));
        assertThat(chunks.stream().flatMap(ch -> ch.choices().stream())
                .flatMap(ch -> ch.finishReason().stream()).toList())
                .containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().totalTokens()).isEqualTo(10);
        assertThat(gemini.takeRequest().path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    }

    @Test
    void streamedToolCallsAccumulateIntoACompleteAnswer() {
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(3), GeminiFixtures.chunk("Checking both.", null), """
                {"candidates": [{"content": {"role": "model", "parts": [
                    {"functionCall": {"name": "GetWeather", "args": {"city": "Paris", "unit": "celsius"}}},
                    {"functionCall": {"name": "GetWeather", "args": {"city": "Oslo", "unit": "celsius"}}}]},
                  "finishReason": "STOP", "index": 0}],
                 "usageMetadata": {"promptTokenCount": 20, "candidatesTokenCount": 16, "totalTokenCount": 36},
                 "modelVersion": "gemini-2.5-flash"}""".replace("\n", " ")));

        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gemini-2.5-flash").addUserMessage("Paris and Oslo?")
                        .addTool(GetWeather.class)
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(acc::accumulate);
        }
        ChatCompletion c = acc.chatCompletion();

        assertThat(c.choices().get(0).message().content()).contains("Checking both.");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        List<ChatCompletionMessageFunctionToolCall> calls = c.choices().get(0).message().toolCalls().orElseThrow()
                .stream().map(t -> t.asFunction()).toList();
        assertThat(calls).extracting(t -> t.function().arguments(GetWeather.class))
                .containsExactly(new GetWeather("Paris", "celsius"), new GetWeather("Oslo", "celsius"));
        assertThat(calls).extracting(ChatCompletionMessageFunctionToolCall::id).doesNotHaveDuplicates();
        assertThat(c.usage().orElseThrow().totalTokens()).isEqualTo(36);
    }

    @Test
    void anUpstreamThatDiesMidStreamIsAnErrorInTheSdkNotACleanEnd() {
        gemini.enqueue(Reply.sseEvents(Duration.ofMillis(3), GeminiFixtures.chunk("Hel", null),
                GeminiFixtures.chunk("lo", null)).dying());

        StringBuilder text = new StringBuilder();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("gemini-2.5-flash").addUserMessage("Say hello").build())) {
                stream.stream().forEach(chunk ->
                        chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
            }
        }).isInstanceOf(OpenAIException.class).hasMessageNotContaining(KEY);
        assertThat(text).hasToString("Hello");
    }

    @Test
    void imagesAndReasoningEffortReachGeminiAndThoughtsComeBackAsReasoningContent() {
        gemini.enqueue(Reply.json(200, """
                {"candidates": [{"content": {"role": "model", "parts": [
                    {"text": "A red square on white.", "thought": true},
                    {"text": "It is a red square."}]},
                  "finishReason": "STOP", "index": 0}],
                 "usageMetadata": {"promptTokenCount": 270, "candidatesTokenCount": 6, "thoughtsTokenCount": 9,
                   "totalTokenCount": 285},
                 "modelVersion": "gemini-3-flash-preview"}"""));
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-3-flash-preview").reasoningEffort(ReasoningEffort.MEDIUM)
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                .text("What is this?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64," + png).build()).build())))
                .build());

        assertThat(c.choices().get(0).message().content()).contains("It is a red square.");
        assertThat(c.choices().get(0).message()._additionalProperties().get("reasoning_content").asString())
                .contains("A red square on white.");
        assertThat(c.usage().orElseThrow().completionTokensDetails().orElseThrow().reasoningTokens()).contains(9L);
        JsonNode body = json(gemini.takeRequest().body());
        assertThat(body.at("/contents/0/parts/0/text").asText()).isEqualTo("What is this?");
        assertThat(body.at("/contents/0/parts/1/inlineData/mimeType").asText()).isEqualTo("image/png");
        assertThat(body.at("/contents/0/parts/1/inlineData/data").asText()).isEqualTo(png);
        assertThat(body.at("/generationConfig/thinkingConfig").toString())
                .isEqualTo("{\"thinkingLevel\":\"medium\",\"includeThoughts\":true}");
    }

    @Test
    void twoCandidatesBecomeTwoChoicesStreamedAndNot() {
        String two = """
                {"candidates": [
                   {"content": {"role": "model", "parts": [{"text": "%s"}]}, "finishReason": "STOP", "index": 0},
                   {"content": {"role": "model", "parts": [{"text": "%s"}]}, "finishReason": "STOP", "index": 1}],
                 "usageMetadata": {"promptTokenCount": 4, "candidatesTokenCount": 6, "totalTokenCount": 10},
                 "modelVersion": "gemini-2.5-flash"}""";
        gemini.enqueue(Reply.json(200, two.formatted("Heads.", "Tails.")))
                .enqueue(Reply.sseEvents(Duration.ofMillis(3), """
                        {"candidates": [{"content": {"role": "model", "parts": [{"text": "Hea"}]}, "index": 0},
                          {"content": {"role": "model", "parts": [{"text": "Tai"}]}, "index": 1}],
                         "modelVersion": "gemini-2.5-flash"}""".replace("\n", " "),
                        two.formatted("ds.", "ls.").replace("\n", " ")));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gemini-2.5-flash")
                .addUserMessage("Toss a coin").n(2).build();

        ChatCompletion c = client.chat().completions().create(params);
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(acc::accumulate);
        }
        ChatCompletion streamed = acc.chatCompletion();

        for (ChatCompletion answer : List.of(c, streamed)) {
            assertThat(answer.choices()).extracting(ChatCompletion.Choice::index).containsExactly(0L, 1L);
            assertThat(answer.choices()).extracting(ch -> ch.message().content().orElse(""))
                    .containsExactly("Heads.", "Tails.");
            assertThat(answer.choices()).extracting(ChatCompletion.Choice::finishReason)
                    .containsOnly(ChatCompletion.Choice.FinishReason.STOP);
        }
        assertThat(json(gemini.takeRequest().body()).at("/generationConfig/candidateCount").asInt()).isEqualTo(2);
    }

    @Test
    void fakeStreamingKeepAlivesAreInvisibleToTheSdk() {
        gw.close();
        gw = TestGateway.withGemini(gemini, "fake_streaming: {enabled: true, interval: 30ms}", Map.of());
        client.close();
        client = sdk(CLIENT);
        gemini.enqueue(Reply.json(200, GeminiFixtures.text("Slow but whole.")).delayed(Duration.ofMillis(200)))
                .enqueue(Reply.json(200, GeminiFixtures.text("Slow but whole.")).delayed(Duration.ofMillis(200)));
        // what the SDK is about to read: keep-alive comments before the answer
        assertThat(gw.post("/v1/chat/completions", ChatBodies.STREAM, "authorization", "Bearer " + CLIENT).body())
                .startsWith(": keep-alive").contains("Slow but whole.");
        gemini.takeRequest();

        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gemini-2.5-flash").addUserMessage("Take your time").build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
            });
        }

        assertThat(text).hasToString("Slow but whole.");
        assertThat(chunks.stream().flatMap(ch -> ch.choices().stream()).flatMap(ch -> ch.finishReason().stream()))
                .containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
        // the upstream call was the non-streaming one
        assertThat(gemini.takeRequest().path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    }

    /** A tool the SDK describes from a class and parses the call's arguments back into. */
    public record GetWeather(String city, String unit) {}

    @Test
    void toolCallRoundTripWithClassDerivedTools() {
        gemini.enqueue(Reply.json(200, """
                {"candidates": [{"content": {"role": "model", "parts": [
                    {"functionCall": {"name": "GetWeather", "args": {"city": "Paris", "unit": "celsius"}}}]},
                  "finishReason": "STOP", "index": 0}],
                 "usageMetadata": {"promptTokenCount": 20, "candidatesTokenCount": 8, "totalTokenCount": 28},
                 "modelVersion": "gemini-2.5-flash"}"""))
                .enqueue(Reply.json(200, GeminiFixtures.text("It is 21 °C in Paris.")));

        ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("gemini-2.5-flash")
                .addUserMessage("Weather in Paris?").addTool(GetWeather.class).build();
        ChatCompletion asked = client.chat().completions().create(first);

        assertThat(asked.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call =
                asked.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("GetWeather");
        assertThat(call.function().arguments(GetWeather.class)).isEqualTo(new GetWeather("Paris", "celsius"));
        assertThat(call.id()).isNotBlank();
        JsonNode declared = json(gemini.takeRequest().body()).at("/tools/0/functionDeclarations/0");
        assertThat(declared.path("name").asText()).isEqualTo("GetWeather");
        assertThat(declared.toString()).contains("city", "unit");

        ChatCompletion answered = client.chat().completions().create(first.toBuilder()
                .addMessage(asked.choices().get(0).message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id())
                        .content("{\"celsius\": 21}").build())
                .build());

        assertThat(answered.choices().get(0).message().content()).contains("It is 21 °C in Paris.");
        JsonNode contents = json(gemini.takeRequest().body()).path("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.get(1).at("/parts/0/functionCall/name").asText()).isEqualTo("GetWeather");
        assertThat(contents.get(1).at("/parts/0/functionCall/args/city").asText()).isEqualTo("Paris");
        JsonNode response = contents.get(2).at("/parts/0/functionResponse");
        assertThat(response.path("name").asText()).isEqualTo("GetWeather");
        assertThat(response.toString()).contains("21");
    }

    /** The SDK's structured outputs: a JSON schema derived from this class, the answer parsed into it. */
    public record Forecast(String city, int celsius, List<String> warnings) {}

    @Test
    void structuredOutputsParseIntoTheClass() {
        gemini.enqueue(Reply.json(200, GeminiFixtures.text(
                "{\"city\": \"Paris\", \"celsius\": 21, \"warnings\": [\"wind\"]}")));

        StructuredChatCompletion<Forecast> c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-2.5-flash").addUserMessage("Forecast for Paris").responseFormat(Forecast.class).build());

        assertThat(c.choices().get(0).message().content()).contains(new Forecast("Paris", 21, List.of("wind")));
        JsonNode config = json(gemini.takeRequest().body()).path("generationConfig");
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        JsonNode schema = config.has("responseJsonSchema") ? config.path("responseJsonSchema") : config.path("responseSchema");
        assertThat(schema.at("/properties/celsius/type").asText()).isIn("integer", "INTEGER");
        assertThat(schema.path("required").toString()).contains("city", "celsius", "warnings");
    }

    @Test
    void listAndRetrieveModels() {
        gemini.dispatcher(rec -> rec.method().equals("GET")
                ? Reply.json(200, "{\"models\":[{\"name\":\"models/gemini-2.5-flash\"},{\"name\":\"models/gemini-2.5-pro\"}]}")
                : Reply.json(404, GeminiFixtures.error(404, "NOT_FOUND", "no")));

        List<String> ids = new ArrayList<>();
        client.models().list().autoPager().forEach(m -> ids.add(m.id()));
        Model pro = client.models().retrieve("gemini-2.5-pro");

        assertThat(ids).contains("gemini-2.5-flash", "gemini-2.5-pro");
        assertThat(pro.id()).isEqualTo("gemini-2.5-pro");
        assertThatThrownBy(() -> client.models().retrieve("no-such-model"))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void clientErrorsArriveAsTheSdksTypedExceptions() {
        OpenAIClient wrongKey = sdk("sk-wrong");
        try {
            assertThatThrownBy(() -> wrongKey.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gemini-2.5-flash").addUserMessage("x").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(401);
                        assertThat(e.getMessage()).doesNotContain("sk-wrong");
                    });
        } finally {
            wrongKey.close();
        }
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("no-such-model").addUserMessage("x").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e ->
                        assertThat(e.code()).contains("model_not_found"));
        assertThat(gemini.requestCount()).isZero();
    }

    @Test
    void upstreamErrorsArriveAsTheSdksTypedExceptions() {
        gemini.enqueue(Reply.json(400, GeminiFixtures.error(400, "INVALID_ARGUMENT",
                        "* GenerateContentRequest.contents: contents is not specified")))
                .enqueue(Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "17s")));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gemini-2.5-flash").addUserMessage("x").build();

        assertThatThrownBy(() -> client.chat().completions().create(params))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("contents is not specified");
                    assertThat(e.getMessage()).doesNotContain(KEY);
                });
        assertThatThrownBy(() -> client.chat().completions().create(params))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).isNotEmpty();
                    assertThat(e.getMessage()).doesNotContain(KEY);
                });
    }
}
