package dev.switchboard.upstream.ondemand;

import dev.switchboard.upstream.SseStreamDecoder;
import dev.switchboard.credential.Credential;
import dev.switchboard.credential.Lease;
import dev.switchboard.format.ReasoningTagExtractor;
import dev.switchboard.format.ReasoningTags;
import dev.switchboard.format.RetryHints;
import dev.switchboard.format.StreamDecoder;
import dev.switchboard.format.ondemand.OnDemandAnswerDecoder;
import dev.switchboard.format.ondemand.OnDemandErrors;
import dev.switchboard.format.ondemand.OnDemandQueryEncoder;
import dev.switchboard.format.ondemand.OnDemandStreamDecoder;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.sse.SseEvent;
import dev.switchboard.sse.SseParser;
import dev.switchboard.upstream.UpstreamClient;
import dev.switchboard.upstream.UpstreamProtocol;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * OnDemand's chat API: {@code POST {base}/sessions/{session}/query} with the key in the {@code apikey} header,
 * the session taken from {@link OnDemandSessions} (so preparing an attempt may create one). The upstream model
 * name is mapped to an endpoint id through {@code endpoints}; a name with no entry is taken to be an endpoint
 * id already ({@code predefined-…}, {@code byoi-…}, as a credential's model list may name them). When the upstream rejects the session, it is dropped and the query is sent once more on
 * a fresh one ({@link #resetAfter}).
 */
public final class OnDemandProtocol implements UpstreamProtocol {
    private static final String SESSIONS = "/sessions/";

    private final String baseUrl;
    private final Map<String, String> endpoints;
    private final List<String> pluginIds;
    private final OnDemandSessions sessions;
    private final List<ReasoningTagExtractor.Tag> reasoningTags;
    private final Clock clock;

    public OnDemandProtocol(String baseUrl, Map<String, String> endpoints, List<String> pluginIds,
                            OnDemandSessions sessions, List<ReasoningTagExtractor.Tag> reasoningTags, Clock clock) {
        this.baseUrl = baseUrl;
        this.endpoints = Map.copyOf(endpoints);
        this.pluginIds = List.copyOf(pluginIds);
        this.sessions = sessions;
        this.reasoningTags = List.copyOf(reasoningTags);
        this.clock = clock;
    }

    static String base(Credential c, String fallback) {
        String b = c.baseUrl().orElse(fallback);
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    static Optional<Duration> retryAfter(MultiMap headers, Clock clock) {
        return Optional.ofNullable(headers.get("retry-after")).flatMap(v -> RetryHints.retryAfter(v, clock));
    }

    @Override
    public Future<RequestOptions> prepare(Lease lease, ChatRequest request, boolean stream) {
        // Refuse what a query cannot carry before spending a session on it.
        try {
            OnDemandQueryEncoder.check(request);
        } catch (GatewayException e) {
            return Future.failedFuture(e);
        }
        Credential c = lease.credential();
        return sessions.session(c).map(id -> UpstreamClient.options(base(c, baseUrl) + SESSIONS + id + "/query", c.proxy())
                .setMethod(HttpMethod.POST)
                .putHeader("apikey", c.secret())
                .putHeader("content-type", "application/json")
                .putHeader("accept", stream ? "text/event-stream" : "application/json")
                .putHeader("accept-encoding", "identity"));
    }

    @Override
    public Buffer encode(ChatRequest request, String upstreamModel) {
        return OnDemandQueryEncoder.encode(request, new OnDemandQueryEncoder.Target(
                endpoints.getOrDefault(upstreamModel, upstreamModel), request.stream(), pluginIds));
    }

    @Override
    public ChatResponse decode(Buffer body) {
        return ReasoningTags.apply(OnDemandAnswerDecoder.decode(body, clock.instant().getEpochSecond()), reasoningTags);
    }

    @Override
    public StreamDecoder streamDecoder() {
        OnDemandStreamDecoder events = new OnDemandStreamDecoder();
        return ReasoningTags.wrap(new SseStreamDecoder(new SseStreamDecoder.EventDecoder() {
            @Override
            public void decode(SseEvent e, Consumer<ChatEvent> out) {
                events.decode(e, out);
            }

            @Override
            public Optional<ChatEvent> end() {
                return events.end();
            }
        }), reasoningTags);
    }

    @Override
    public UpstreamFailure failure(int status, Buffer body, MultiMap headers) {
        return OnDemandErrors.parse(status, body, retryAfter(headers, clock));
    }

    @Override
    public boolean resetAfter(Lease lease, String uri, int status, Buffer body) {
        if (!OnDemandErrors.rejectsSession(status, body)) return false;
        int from = uri.lastIndexOf(SESSIONS);
        int to = uri.indexOf('/', from + SESSIONS.length());
        if (from < 0 || to < 0) return false;
        sessions.invalidate(lease.credential(), uri.substring(from + SESSIONS.length(), to));
        return true;
    }

}
