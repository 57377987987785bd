package dev.switchboard.upstream;

import dev.switchboard.credential.Lease;
import dev.switchboard.format.StreamDecoder;
import dev.switchboard.format.gemini.GeminiErrors;
import dev.switchboard.format.gemini.GeminiRequestEncoder;
import dev.switchboard.format.gemini.GeminiResponseDecoder;
import dev.switchboard.format.gemini.GeminiStreamDecoder;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.model.WireFormat;
import dev.switchboard.sse.SseEvent;
import dev.switchboard.sse.SseParser;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/** The Gemini wire format (Gemini API and Vertex AI): generateContent, and streamGenerateContent as SSE. */
public final class GeminiProtocol implements UpstreamProtocol {

    private final Endpoint endpoint;
    private final Clock clock;

    public GeminiProtocol(Endpoint endpoint, Clock clock) {
        this.endpoint = endpoint;
        this.clock = clock;
    }

    public Endpoint endpoint() { return endpoint; }

    @Override
    public Future<RequestOptions> prepare(Lease lease, ChatRequest request, boolean stream) {
        return endpoint.prepare(lease.credential(), lease.upstreamModel(),
                stream ? "streamGenerateContent" : "generateContent", stream);
    }

    @Override
    public Buffer encode(ChatRequest request, String upstreamModel) {
        return GeminiRequestEncoder.encode(request, upstreamModel);
    }

    @Override
    public ChatResponse decode(Buffer body) {
        return GeminiResponseDecoder.decode(body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        GeminiStreamDecoder chunks = new GeminiStreamDecoder();
        return new SseStreamDecoder((e, out) -> {
            if (!e.isEmpty()) out.accept(chunks.decode(e.bytes()));
        });
    }

    @Override
    public UpstreamFailure failure(int status, Buffer body, MultiMap headers) {
        return GeminiErrors.parse(status, body, Optional.ofNullable(headers.get("retry-after")), clock);
    }

    /** Every Gemini-format endpoint (Gemini API, Vertex AI) serves countTokens and the embedding methods. */
    @Override
    public Optional<WireFormat> forwardFormat() {
        return Optional.of(WireFormat.GEMINI);
    }

    @Override
    public Future<RequestOptions> prepareForward(Lease lease, String method) {
        return endpoint.prepare(lease.credential(), lease.upstreamModel(), method, false);
    }

}
