package dev.switchboard.upstream;

import dev.switchboard.credential.Credential;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Where and how a Gemini-format request goes: the Gemini API with AI Studio keys, or Vertex AI. Same wire
 * format, different URL layout and authentication: composition, not a copy.
 */
public sealed interface Endpoint {

    /** Request options for {@code method} (e.g. {@code generateContent}) on {@code model}, authenticated. */
    Future<RequestOptions> prepare(Credential credential, String model, String method, boolean sse);

    /** {@code {base}/v1beta/models/{model}:{method}}, key in {@code x-goog-api-key}. */
    record GeminiApi(String baseUrl) implements Endpoint {
        @Override
        public Future<RequestOptions> prepare(Credential c, String model, String method, boolean sse) {
            String base = c.baseUrl().orElse(baseUrl);
            String url = base + "/v1beta/models/" + model + ":" + method + (sse ? "?alt=sse" : "");
            return Future.succeededFuture(post(url, c).putHeader("x-goog-api-key", c.secret()));
        }
    }

    /** Vertex AI Express mode: {@code {base}/v1/publishers/google/models/{model}:{method}}, API key header. */
    record VertexExpress(String baseUrl) implements Endpoint {
        @Override
        public Future<RequestOptions> prepare(Credential c, String model, String method, boolean sse) {
            String base = c.baseUrl().orElse(baseUrl);
            String url = base + "/v1/publishers/google/models/" + model + ":" + method + (sse ? "?alt=sse" : "");
            return Future.succeededFuture(post(url, c).putHeader("x-goog-api-key", c.secret()));
        }
    }

    private static RequestOptions post(String url, Credential c) {
        return UpstreamClient.options(url, c.proxy())
                .setMethod(HttpMethod.POST)
                .putHeader("content-type", "application/json")
                .putHeader("accept-encoding", "identity");
    }
}
