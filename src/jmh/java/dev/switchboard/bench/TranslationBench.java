package dev.switchboard.bench;

import dev.switchboard.format.gemini.GeminiRequestEncoder;
import dev.switchboard.format.gemini.GeminiResponseDecoder;
import dev.switchboard.format.gemini.GeminiStreamDecoder;
import dev.switchboard.format.openai.OpenAiRequestDecoder;
import dev.switchboard.format.openai.OpenAiRequestEncoder;
import dev.switchboard.format.openai.OpenAiResponseDecoder;
import dev.switchboard.format.openai.OpenAiResponseEncoder;
import dev.switchboard.format.openai.OpenAiStreamDecoder;
import dev.switchboard.format.openai.OpenAiStreamEncoder;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.sse.SseEvent;
import dev.switchboard.sse.SseParser;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** The translation hot paths, with the load harness's request body and a mock-shaped Gemini answer. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class TranslationBench {
    static final String OPENAI_REQUEST = "{\"model\":\"gemini-2.0-flash\",\"messages\":[{\"role\":\"system\",\"content\":"
            + "\"You are a helpful assistant. Answer briefly.\"},{\"role\":\"user\",\"content\":\"Give me one sentence about "
            + "the history of the printing press.\"}],\"max_tokens\":64,\"temperature\":0.2}";
    static final String GEMINI_RESPONSE = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"The printing press, "
            + "invented by Johannes Gutenberg around 1440, revolutionized the spread of knowledge by making books "
            + "cheaper and faster to produce.\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
            + "\"usageMetadata\":{\"promptTokenCount\":21,\"candidatesTokenCount\":28,\"totalTokenCount\":49,"
            + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":21}]},\"modelVersion\":\"gemini-2.0-flash\","
            + "\"responseId\":\"mock-1\"}";
    static final String GEMINI_CHUNK = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"printing \"}],"
            + "\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":21,\"candidatesTokenCount\":3,"
            + "\"totalTokenCount\":24},\"modelVersion\":\"gemini-2.0-flash\",\"responseId\":\"mock-1\"}\r\n\r\n";

    /** The load harness mock's OpenAI answer and stream chunk (the pass-through path). */
    static final String OPENAI_RESPONSE = "{\"id\":\"chatcmpl-mock1\",\"object\":\"chat.completion\",\"created\":1764748800,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"token token token token token token token token token token token token token token token token token "
            + "token token token \",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":20,\"total_tokens\":39,\"prompt_tokens_details\":"
            + "{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
            + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\","
            + "\"system_fingerprint\":\"fp_mock\"}";
    static final String OPENAI_CHUNK = "data: {\"id\":\"chatcmpl-mock1\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1764748800,\"model\":\"gpt-4o-mini\",\"service_tier\":\"default\",\"system_fingerprint\":"
            + "\"fp_mock\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"token \"},\"logprobs\":null,"
            + "\"finish_reason\":null}],\"usage\":null}\n\n";

    Buffer openAiRequest;
    Buffer openAiStreamRequest;
    Buffer openAiResponse;
    Buffer openAiChunk;
    SseParser openAiParser;
    OpenAiStreamDecoder openAiStreamDecoder;
    OpenAiStreamEncoder openAiStreamEncoder;
    Buffer geminiResponse;
    Buffer geminiChunk;
    SseParser parser;
    GeminiStreamDecoder streamDecoder;
    OpenAiStreamEncoder streamEncoder;
    Blackhole sink;

    @Setup
    public void setUp(Blackhole bh) {
        openAiRequest = Buffer.buffer(OPENAI_REQUEST);
        openAiStreamRequest = Buffer.buffer(OPENAI_REQUEST.replace("gemini-2.0-flash", "gpt-4o-mini")
                .replace("}]", "}],\"stream\":true,\"top_p\":0.95"));
        geminiResponse = Buffer.buffer(GEMINI_RESPONSE);
        geminiChunk = Buffer.buffer(GEMINI_CHUNK);
        sink = bh;
        streamDecoder = new GeminiStreamDecoder();
        streamEncoder = new OpenAiStreamEncoder("chatcmpl-bench", "gemini-2.0-flash", 1_700_000_000L, false);
        parser = new SseParser(this::onEvent, 1 << 20);
        openAiResponse = Buffer.buffer(OPENAI_RESPONSE);
        openAiChunk = Buffer.buffer(OPENAI_CHUNK);
        openAiStreamDecoder = new OpenAiStreamDecoder();
        openAiStreamEncoder = new OpenAiStreamEncoder("chatcmpl-bench", "gpt-4o-mini", 1_700_000_000L, false);
        openAiParser = new SseParser(this::onOpenAiEvent, 1 << 20);
    }

    private void onOpenAiEvent(SseEvent e) {
        openAiStreamEncoder.onChunk(openAiStreamDecoder.decode(e.bytes()), sink::consume);
    }

    private void onEvent(SseEvent e) {
        ChatEvent.Chunk chunk = streamDecoder.decode(e.bytes());
        streamEncoder.onChunk(chunk, sink::consume);
    }

    /**
     * A streaming OpenAI request in → canonical → OpenAI request out (the pass-through path: the client's body
     * copied token by token, model and stream options replaced).
     */
    @Benchmark
    public Buffer openAiStreamRequest() {
        ChatRequest r = OpenAiRequestDecoder.decode(openAiStreamRequest);
        return OpenAiRequestEncoder.encode(r, "gpt-4o-mini-2024-07-18");
    }

    /**
     * The same streaming request when it already names the upstream model (the pass-through path's usual case):
     * out as the client's bytes with {@code stream_options.include_usage} spliced in after a byte scan.
     */
    @Benchmark
    public Buffer openAiStreamRequestSpliced() {
        ChatRequest r = OpenAiRequestDecoder.decode(openAiStreamRequest);
        return OpenAiRequestEncoder.encode(r, "gpt-4o-mini");
    }

    /**
     * A non-streaming OpenAI request that already names the upstream model in → canonical → out unchanged (the
     * pass-through path's byte scan, which reads the client's body in place).
     */
    @Benchmark
    public Buffer openAiRequest() {
        ChatRequest r = OpenAiRequestDecoder.decode(openAiRequest);
        return OpenAiRequestEncoder.encode(r, "gemini-2.0-flash");
    }

    /** OpenAI request in → canonical → Gemini request out (what every OpenAI→Gemini call pays upfront). */
    @Benchmark
    public Buffer openAiToGeminiRequest() {
        ChatRequest r = OpenAiRequestDecoder.decode(openAiRequest);
        return GeminiRequestEncoder.encode(r, "gemini-2.0-flash");
    }

    /** Gemini answer in → canonical → OpenAI chat.completion out. */
    @Benchmark
    public Buffer geminiToOpenAiResponse() {
        return OpenAiResponseEncoder.encode(GeminiResponseDecoder.decode(geminiResponse), "gemini-2.0-flash");
    }

    /** One upstream SSE chunk through parser + Gemini decoder + OpenAI encoder. */
    @Benchmark
    public void streamChunk() {
        parser.feed(geminiChunk.copy());
    }

    /** OpenAI-compatible answer in → canonical → OpenAI chat.completion out (the pass-through path). */
    @Benchmark
    public Buffer openAiResponse() {
        return OpenAiResponseEncoder.encode(OpenAiResponseDecoder.decode(openAiResponse), "gpt-4o-mini");
    }

    /** One OpenAI-compatible SSE chunk through parser + decoder + OpenAI encoder (the pass-through stream). */
    @Benchmark
    public void openAiStreamChunk() {
        openAiParser.feed(openAiChunk.copy());
    }
}
