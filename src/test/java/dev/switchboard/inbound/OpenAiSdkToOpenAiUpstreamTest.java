package dev.switchboard.inbound;

import static dev.switchboard.testing.OpenAiFixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's own Java SDK in front of the gateway, an OpenAI-compatible server behind it: what the relay of the
 * upstream's own bytes gives a real client, read through the SDK's types (log probabilities, refusals, the
 * system fingerprint and service tier, a tool call streamed in pieces and put together by the SDK's accumulator).
 */
class OpenAiSdkToOpenAiUpstreamTest {
    static final String UPSTREAM_KEY = "sk-upstream-0001";

    FakeUpstream openai;
    TestGateway gw;
    OpenAIClient client;

    @BeforeEach
    void start() {
        openai = FakeUpstream.startAlone();
        gw = TestGateway.withOpenAi(openai, UPSTREAM_KEY, "{name: gpt-4o-mini-2024-07-18, alias: fast}");
        client = OpenAIOkHttpClient.builder().apiKey(TestGateway.CLIENT_KEY).baseUrl(gw.url("/v1")).maxRetries(0)
                .timeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        gw.close();
        openai.close();
    }

    @Test
    void logProbabilitiesAndTheFingerprintReachTheSdk() {
        openai.enqueue(Reply.json(200, """
                {"id":"chatcmpl-lp","object":"chat.completion","created":1748488520,"model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null,"annotations":[]},
                   "logprobs":{"content":[{"token":"Hi","logprob":-0.0125,"bytes":[72,105],
                     "top_logprobs":[{"token":"Hi","logprob":-0.0125,"bytes":[72,105]},
                                     {"token":"Hello","logprob":-4.5,"bytes":[72,101,108,108,111]}]}],"refusal":null},
                   "finish_reason":"stop"}],
                 "usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10},
                 "service_tier":"default","system_fingerprint":"fp_6c43dff3ba"}"""));

        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder().model("fast")
                .addUserMessage("Say hi").logprobs(true).topLogprobs(2).build());

        assertThat(c.model()).isEqualTo("fast");
        assertThat(c.systemFingerprint()).contains("fp_6c43dff3ba");
        assertThat(c.serviceTier()).contains(ChatCompletion.ServiceTier.DEFAULT);
        List<ChatCompletionTokenLogprob> tokens = c.choices().get(0).logprobs().orElseThrow().content().orElseThrow();
        assertThat(tokens).extracting(ChatCompletionTokenLogprob::token).containsExactly("Hi");
        assertThat(tokens.get(0).logprob()).isEqualTo(-0.0125);
        assertThat(tokens.get(0).topLogprobs()).extracting(t -> t.token()).containsExactly("Hi", "Hello");
        assertThat(openai.takeRequest().body()).contains("\"logprobs\":true").contains("\"top_logprobs\":2")
                .contains("\"model\":\"gpt-4o-mini-2024-07-18\"");
    }

    @Test
    void aRefusalIsARefusalNotContent() {
        openai.enqueue(Reply.json(200, """
                {"id":"chatcmpl-r","object":"chat.completion","created":1748488520,"model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":"I can't help with that."},
                   "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":9,"completion_tokens":7,"total_tokens":16}}"""));

        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder().model("fast")
                .addUserMessage("Something unsafe").build());

        assertThat(c.choices().get(0).message().refusal()).contains("I can't help with that.");
        assertThat(c.choices().get(0).message().content()).isEmpty();
    }

    @Test
    void aToolCallStreamedInPiecesIsPutTogetherByTheSdk() {
        String head = "{\"id\":\"chatcmpl-tc\",\"object\":\"chat.completion.chunk\",\"created\":1748488520,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_6c43dff3ba\",\"choices\":[{\"index\":0,\"delta\":";
        String tail = ",\"logprobs\":null,\"finish_reason\":%s}],\"usage\":null}";
        openai.enqueue(Reply.sse(sse(
                head + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_Xq\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}],\"refusal\":null}" + tail.formatted("null"),
                head + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]}" + tail.formatted("null"),
                head + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\":\\\"Oslo\\\"}\"}}]}" + tail.formatted("null"),
                head + "{}" + tail.formatted("\"tool_calls\""),
                "{\"id\":\"chatcmpl-tc\",\"object\":\"chat.completion.chunk\",\"created\":1748488520,"
                        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":15,\"total_tokens\":55}}",
                "[DONE]"), Duration.ofMillis(2), 11, 230, 231, 600, 987));

        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("fast").addUserMessage("Weather in Oslo?").build())) {
            stream.stream().forEach(chunk -> {
                assertThat(chunk.model()).isEqualTo("fast");
                assertThat(chunk.choices()).as("no usage chunk: the client did not ask for one").isNotEmpty();
                acc.accumulate(chunk);
            });
        }
        ChatCompletion c = acc.chatCompletion();

        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        List<ChatCompletionMessageFunctionToolCall> calls = c.choices().get(0).message().toolCalls().orElseThrow()
                .stream().map(t -> t.asFunction()).toList();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).id()).isEqualTo("call_Xq");
        assertThat(calls.get(0).function().name()).isEqualTo("get_weather");
        assertThat(calls.get(0).function().arguments()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(c.systemFingerprint()).contains("fp_6c43dff3ba");
    }

    @Test
    void toolCallsWithNoIndexOrIdAreWholeInTheSdk() {
        // Index-less calls as Gemini's OpenAI-compatible API streams them (the SDK's accumulator needs every
        // piece's index), the second without the id a client must send back with its result.
        String head = "{\"id\":\"oHg\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"model\":\"gemini-2.5-flash\","
                + "\"choices\":[{\"index\":0,\"delta\":";
        openai.enqueue(Reply.sse(sse(
                head + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"function-call-1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}},"
                        + "{\"function\":{\"name\":\"get_time\",\"arguments\":{\"zone\":\"CET\"}}}]}}]}",
                head + "{\"tool_calls\":[{\"extra_content\":{\"google\":{\"thought_signature\":\"CiQB\"}}}]}}]}",
                head + "{},\"finish_reason\":\"stop\"}]}",
                "[DONE]"), Duration.ofMillis(2), 40, 41, 199));

        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("fast").addUserMessage("Weather and time in Oslo?").build())) {
            stream.stream().forEach(acc::accumulate);
        }
        ChatCompletion c = acc.chatCompletion();

        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        List<ChatCompletionMessageFunctionToolCall> calls = c.choices().get(0).message().toolCalls().orElseThrow()
                .stream().map(t -> t.asFunction()).toList();
        assertThat(calls).extracting(t -> t.function().name()).containsExactly("get_weather", "get_time");
        assertThat(calls).extracting(t -> t.function().arguments())
                .containsExactly("{\"city\":\"Oslo\"}", "{\"zone\":\"CET\"}");
        assertThat(calls.get(0).id()).isEqualTo("function-call-1");
        assertThat(calls.get(1).id()).matches("call_[A-Za-z0-9]{24}");
    }

    @Test
    void chunksWithoutIdObjectOrCreatedStillReachTheSdkWhole() {
        // Some compatible servers send bare chunks; the SDK requires id, object, created and model in each.
        openai.enqueue(Reply.sse(sse(
                "{\"model\":\"llama\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}",
                "[DONE]"), Duration.ofMillis(2), 9, 80));

        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("fast").addUserMessage("Say hello").build())) {
            stream.stream().forEach(chunk -> {
                assertThat(chunk.id()).startsWith("chatcmpl-");
                assertThat(chunk.created()).isPositive();
                acc.accumulate(chunk);
            });
        }
        ChatCompletion c = acc.chatCompletion();

        assertThat(c.model()).isEqualTo("fast");
        assertThat(c.choices().get(0).message().content()).contains("Hello");
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void contentInPartsReachesTheSdkAsAString() {
        // Mistral's reasoning models answer with content as a list of thinking and text chunks; the SDK reads a string.
        openai.enqueue(Reply.json(200, """
                {"id":"cmpl-9","object":"chat.completion","created":1764000000,"model":"magistral-medium-2509",
                 "choices":[{"index":0,"message":{"role":"assistant","tool_calls":null,"content":[
                   {"type":"thinking","thinking":[{"type":"text","text":"Six times seven."}]},
                   {"type":"text","text":"42"}]},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"total_tokens":30,"completion_tokens":20}}"""));

        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder().model("fast")
                .addUserMessage("What is six times seven?").build());

        assertThat(c.choices().get(0).message().content()).contains("42");
        assertThat(c.choices().get(0).message()._additionalProperties().get("reasoning_content").asString())
                .contains("Six times seven.");
    }
}
