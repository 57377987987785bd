package dev.switchboard.upstream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.credential.Credential;
import dev.switchboard.credential.Lease;
import dev.switchboard.format.Json;
import dev.switchboard.format.ReasoningTagExtractor;
import dev.switchboard.format.StreamDecoder;
import dev.switchboard.format.gemini.GeminiErrors;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Vertex direct mode: a service account on Vertex AI's OpenAI-compatible endpoint
 * ({@code {location url}/endpoints/openapi/chat/completions}). A composition: {@link OpenAiProtocol} for the
 * wire format and the reasoning-tag extraction, {@link Endpoint.VertexServiceAccount} for the URL and the bearer
 * token, Google's error format for failures. Models go out as {@code google/{model}}, and Vertex is asked to
 * wrap thoughts in the first reasoning tag ({@code google.thought_tag_marker}) so the extractor finds them.
 */
public final class VertexDirectProtocol implements UpstreamProtocol {
    /** Keeps numbers as the client wrote them when the body is amended. */

    private final Endpoint.VertexServiceAccount endpoint;
    private final OpenAiProtocol openAi;
    private final Optional<String> thoughtMarker;
    private final Clock clock;

    public VertexDirectProtocol(Endpoint.VertexServiceAccount endpoint, List<ReasoningTagExtractor.Tag> reasoningTags,
                                Clock clock) {
        this.endpoint = endpoint;
        this.openAi = new OpenAiProtocol(endpoint.baseUrl(), reasoningTags, clock);
        this.thoughtMarker = reasoningTags.stream().findFirst().flatMap(VertexDirectProtocol::markerName);
        this.clock = clock;
    }

    public Endpoint.VertexServiceAccount endpoint() { return endpoint; }

    @Override
    public Future<RequestOptions> prepare(Lease lease, ChatRequest request, boolean stream) {
        Credential c = lease.credential();
        String url;
        try {
            url = endpoint.locationUrl(c) + "/endpoints/openapi/chat/completions";
        } catch (IllegalStateException e) {
            return Future.failedFuture(UpstreamFailure.of(FailureClass.INVALID_CREDENTIAL, ErrorKind.UPSTREAM, e.getMessage()));
        }
        RequestOptions o = UpstreamClient.options(url, c.proxy())
                .setMethod(HttpMethod.POST)
                .putHeader("content-type", "application/json")
                .putHeader("accept", stream ? "text/event-stream" : "application/json")
                .putHeader("accept-encoding", "identity");
        return endpoint.authorized(c, o);
    }

    @Override
    public Buffer encode(ChatRequest request, String upstreamModel) {
        Buffer body = openAi.encode(request, publisherModel(upstreamModel));
        boolean thoughts = request.params().reasoningEffort().filter(e -> !e.equalsIgnoreCase("none")).isPresent();
        return thoughtMarker.isEmpty() && !thoughts ? body : withGoogleOptions(body, thoughts);
    }

    /** {@code gemini-2.5-flash} → {@code google/gemini-2.5-flash}; names with a publisher stay as they are. */
    static String publisherModel(String model) {
        return model.contains("/") ? model : "google/" + model;
    }

    /** Vertex's own request options ({@code google}: tag marker, thoughts), unless the client set them itself. */
    private Buffer withGoogleOptions(Buffer body, boolean thoughts) {
        ObjectNode root;
        try (JsonParser p = Json.parser(body)) {
            // fractions exact: the body is passed on, and 0.70 must not come out as 0.7000000000000001
            JsonNode tree = Json.readTree(p, true);
            if (!(tree instanceof ObjectNode o)) return body;
            root = o;
        } catch (IOException e) {
            return body;
        }
        ObjectNode google = root.get("google") instanceof ObjectNode g ? g : root.putObject("google");
        thoughtMarker.ifPresent(m -> {
            if (!google.has("thought_tag_marker")) google.put("thought_tag_marker", m);
        });
        if (thoughts && !google.has("thinking_config")) google.putObject("thinking_config").put("include_thoughts", true);
        return Json.write(g -> Json.writeTree(g, root));
    }

    /** {@code think} for {@code <think>}/{@code </think>}; tags of another shape cannot be asked for. */
    static Optional<String> markerName(ReasoningTagExtractor.Tag tag) {
        String open = tag.open();
        if (open.length() < 3 || !open.startsWith("<") || !open.endsWith(">")) return Optional.empty();
        String name = open.substring(1, open.length() - 1);
        if (!name.matches("[A-Za-z][A-Za-z0-9_-]*") || !tag.close().equals("</" + name + ">")) return Optional.empty();
        return Optional.of(name);
    }

    @Override
    public ChatResponse decode(Buffer body) {
        return openAi.decode(body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return openAi.streamDecoder();
    }

    /** Vertex answers errors in Google's shape on this endpoint too (sometimes wrapped in an array). */
    @Override
    public UpstreamFailure failure(int status, Buffer body, MultiMap headers) {
        return GeminiErrors.parse(status, body, Optional.ofNullable(headers.get("retry-after")), clock);
    }
}
