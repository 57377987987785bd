package dev.switchboard.bench;

import dev.switchboard.format.gemini.GeminiRequestEncoder;
import dev.switchboard.format.gemini.GeminiResponseDecoder;
import dev.switchboard.format.gemini.GeminiStreamDecoder;
import dev.switchboard.format.openai.OpenAiRequestDecoder;
import dev.switchboard.format.openai.OpenAiResponseEncoder;
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

    Buffer openAiRequest;
    Buffer geminiResponse;
    Buffer geminiChunk;
    SseParser parser;
    GeminiStreamDecoder streamDecoder;
    OpenAiStreamEncoder streamEncoder;
    Blackhole sink;

    @Setup
    public void setUp(Blackhole bh) {
        openAiRequest = Buffer.buffer(OPENAI_REQUEST);
        geminiResponse = Buffer.buffer(GEMINI_RESPONSE);
        geminiChunk = Buffer.buffer(GEMINI_CHUNK);
        sink = bh;
        streamDecoder = new GeminiStreamDecoder();
        streamEncoder = new OpenAiStreamEncoder("chatcmpl-bench", "gemini-2.0-flash", 1_700_000_000L, false);
        parser = new SseParser(this::onEvent, 1 << 20);
    }

    private void onEvent(SseEvent e) {
        ChatEvent.Chunk chunk = streamDecoder.decode(e.bytes());
        streamEncoder.onChunk(chunk, sink::consume);
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
}
