package dev.switchboard.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.credential.Credential;
import dev.switchboard.model.ModelInfo;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists the Gemini models of Vertex AI's Model Garden ({@code GET /v1beta1/publishers/google/models}) with a
 * service account's token. Express keys cannot call it; their models come from the configuration.
 */
public final class VertexModelLister {
    static final int MAX_PAGES = 5;
    private static final String PREFIX = "publishers/google/models/";

    private VertexModelLister() {}

    /** The service-account endpoint behind {@code protocol}, if it has one. */
    public static Optional<Endpoint.VertexServiceAccount> endpointOf(UpstreamProtocol protocol) {
        if (protocol instanceof GeminiProtocol g && g.endpoint() instanceof Endpoint.VertexServiceAccount v) return Optional.of(v);
        if (protocol instanceof VertexDirectProtocol d) return Optional.of(d.endpoint());
        return Optional.empty();
    }

    public static Future<List<ModelInfo>> list(UpstreamClient client, Endpoint.VertexServiceAccount endpoint, Credential c,
                                               String owner) {
        return page(client, endpoint, c, owner, Optional.empty(), new ArrayList<>(), 1);
    }

    private static Future<List<ModelInfo>> page(UpstreamClient client, Endpoint.VertexServiceAccount endpoint, Credential c,
                                                String owner, Optional<String> token, List<ModelInfo> out, int n) {
        String url = c.baseUrl().orElse(endpoint.baseUrl()) + "/v1beta1/publishers/google/models?pageSize=100"
                + token.map(t -> "&pageToken=" + URLEncoder.encode(t, StandardCharsets.UTF_8)).orElse("");
        return endpoint.authorized(c, UpstreamClient.options(url, c.proxy()).setMethod(HttpMethod.GET)
                        .putHeader("x-goog-user-project", endpoint.project(c))
                        .setIdleTimeout(client.config().connectTimeout().toMillis() * 3))
                .compose(opts -> client.pooled(opts))
                .compose(req -> req.send())
                .compose(resp -> resp.body().compose(body -> {
                    if (resp.statusCode() != 200) return Future.failedFuture("Vertex model list answered HTTP " + resp.statusCode());
                    JsonNode root;
                    try {
                        root = Json.readTree(body);
                    } catch (IOException e) {
                        return Future.failedFuture("Vertex model list is not JSON");
                    }
                    for (JsonNode m : root.path("publisherModels")) {
                        String name = m.path("name").asText("");
                        if (name.startsWith(PREFIX)) name = name.substring(PREFIX.length());
                        if (name.startsWith("gemini")) out.add(new ModelInfo(name, owner));
                    }
                    String next = root.path("nextPageToken").asText("");
                    if (next.isEmpty() || n >= MAX_PAGES) return Future.succeededFuture(out);
                    return page(client, endpoint, c, owner, Optional.of(next), out, n + 1);
                }));
    }
}
