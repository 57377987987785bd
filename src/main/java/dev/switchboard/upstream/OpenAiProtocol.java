package dev.switchboard.upstream;

import dev.switchboard.format.Headers;
import dev.switchboard.credential.Credential;
import dev.switchboard.credential.Lease;
import dev.switchboard.format.ReasoningTagExtractor;
import dev.switchboard.format.ReasoningTags;
import dev.switchboard.format.StreamDecoder;
import dev.switchboard.format.openai.OpenAiRequestEncoder;
import dev.switchboard.format.openai.OpenAiResponseDecoder;
import dev.switchboard.format.openai.OpenAiStreamDecoder;
import dev.switchboard.format.openai.OpenAiUpstreamErrors;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.sse.SseEvent;
import dev.switchboard.sse.SseParser;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * OpenAI-compatible upstreams: {@code POST {base_url}/chat/completions} with {@code Authorization: Bearer},
 * the request in OpenAI's shape with the upstream model name, streams relayed chunk by chunk. Each credential
 * may bring its own {@code base_url}. With {@code reasoningTags}, reasoning inlined in the text is moved to
 * reasoning parts.
 */
public final class OpenAiProtocol implements UpstreamProtocol {

    private final String baseUrl;
    private final List<ReasoningTagExtractor.Tag> reasoningTags;
    private final Clock clock;

    public OpenAiProtocol(String baseUrl, List<ReasoningTagExtractor.Tag> reasoningTags, Clock clock) {
        this.baseUrl = baseUrl;
        this.reasoningTags = List.copyOf(reasoningTags);
        this.clock = clock;
    }

    /** The base URL requests with {@code c} go to (no trailing slash). */
    static String base(Credential c, String fallback) {
        String b = c.baseUrl().orElse(fallback);
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    @Override
    public Future<RequestOptions> prepare(Lease lease, ChatRequest request, boolean stream) {
        Credential c = lease.credential();
        RequestOptions o = UpstreamClient.options(base(c, baseUrl) + "/chat/completions", c.proxy())
                .setMethod(HttpMethod.POST)
                .putHeader(Headers.AUTHORIZATION, "Bearer " + c.secret())
                .putHeader(Headers.CONTENT_TYPE, Headers.JSON)
                .putHeader(Headers.ACCEPT, stream ? Headers.EVENT_STREAM : Headers.JSON)
                .putHeader(Headers.ACCEPT_ENCODING, Headers.IDENTITY);
        return Future.succeededFuture(o);
    }

    @Override
    public Buffer encode(ChatRequest request, String upstreamModel) {
        return OpenAiRequestEncoder.encode(request, upstreamModel);
    }

    @Override
    public ChatResponse decode(Buffer body) {
        return ReasoningTags.apply(OpenAiResponseDecoder.decode(body), reasoningTags);
    }

    @Override
    public StreamDecoder streamDecoder() {
        OpenAiStreamDecoder chunks = new OpenAiStreamDecoder();
        // [DONE] carries nothing the chunks have not said
        return ReasoningTags.wrap(new SseStreamDecoder(new SseStreamDecoder.EventDecoder() {
            @Override
            public void decode(SseEvent e, Consumer<ChatEvent> out) {
                // Only a short payload can be blank or [DONE]; a chunk is parsed from its bytes without text.
                if (e.bytes().length() <= 16) {
                    String data = e.data();
                    if (data.isBlank() || data.strip().equals("[DONE]")) return;
                }
                out.accept(chunks.decode(e.bytes()));
            }

            @Override
            public Optional<ChatEvent> end() {
                return chunks.end().map(c -> c);
            }
        }), reasoningTags);
    }

    @Override
    public UpstreamFailure failure(int status, Buffer body, MultiMap headers) {
        return OpenAiUpstreamErrors.parse(status, body, name -> Optional.ofNullable(headers.get(name)), clock);
    }

}
