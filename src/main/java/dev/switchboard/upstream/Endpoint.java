package dev.switchboard.upstream;

import dev.switchboard.format.Headers;
import dev.switchboard.credential.Credential;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Optional;

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
            return Future.succeededFuture(post(url, c).putHeader(Headers.X_GOOG_API_KEY, c.secret()));
        }
    }

    /** Vertex AI Express mode: {@code {base}/v1/publishers/google/models/{model}:{method}}, API key header. */
    record VertexExpress(String baseUrl) implements Endpoint {
        @Override
        public Future<RequestOptions> prepare(Credential c, String model, String method, boolean sse) {
            if (!safeModelName(model)) return Future.failedFuture(badModelName(model));
            String base = c.baseUrl().orElse(baseUrl);
            String url = base + "/v1/publishers/google/models/" + model + ":" + method + (sse ? "?alt=sse" : "");
            return Future.succeededFuture(post(url, c).putHeader(Headers.X_GOOG_API_KEY, c.secret()));
        }
    }

    /**
     * Vertex AI with a service account: {@code {base}/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:{method}},
     * {@code Authorization: Bearer} with an access token from {@code tokens}. {@code baseUrl} is the regional host
     * ({@code https://{location}-aiplatform.googleapis.com}, or the bare host for {@code global}); the project
     * is {@code projectOverride}, else the key file's.
     */
    record VertexServiceAccount(String baseUrl, String location, Optional<String> projectOverride,
                                ServiceAccountTokens tokens) implements Endpoint {
        @Override
        public Future<RequestOptions> prepare(Credential c, String model, String method, boolean sse) {
            if (!safeModelName(model)) return Future.failedFuture(badModelName(model));
            String url;
            try {
                url = locationUrl(c) + "/publishers/google/models/" + model + ":" + method + (sse ? "?alt=sse" : "");
            } catch (IllegalStateException e) {
                return Future.failedFuture(UpstreamFailure.of(FailureClass.INVALID_CREDENTIAL, ErrorKind.UPSTREAM, e.getMessage()));
            }
            return authorized(c, post(url, c));
        }

        /** {@code {base}/v1/projects/{project}/locations/{location}}: the root of this credential's resources. */
        public String locationUrl(Credential c) {
            return c.baseUrl().orElse(baseUrl) + "/v1/projects/" + project(c) + "/locations/" + location;
        }

        public String project(Credential c) {
            return projectOverride.or(() -> tokens.key(c).projectId()).orElseThrow(() -> new IllegalStateException(
                    "no project for " + c.maskedId() + ": set project_id (GCP_PROJECT_ID) or use a key file with one"));
        }

        /** {@code options} with the credential's bearer token, once it has one. */
        public Future<RequestOptions> authorized(Credential c, RequestOptions options) {
            return tokens.token(c).map(token -> options.putHeader(Headers.AUTHORIZATION, "Bearer " + token));
        }
    }

    /**
     * Whether {@code model} can go into a Vertex URL path as it is. A service account's token opens the whole
     * project, so a client's model name must not be able to walk the path elsewhere ({@code ../}, {@code ?}).
     */
    static boolean safeModelName(String model) {
        if (model.isEmpty() || model.contains("..")) return false;
        for (int i = 0; i < model.length(); i++) {
            char ch = model.charAt(i);
            boolean ok = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
                    || ch == '-' || ch == '.' || ch == '_' || ch == '@';
            if (!ok) return false;
        }
        return true;
    }

    private static UpstreamFailure badModelName(String model) {
        String shown = model.length() > 80 ? model.substring(0, 80) + "…" : model;
        return UpstreamFailure.of(FailureClass.CLIENT_ERROR, ErrorKind.INVALID_REQUEST,
                "'" + shown + "' is not a valid Vertex AI model name");
    }

    private static RequestOptions post(String url, Credential c) {
        return UpstreamClient.options(url, c.proxy())
                .setMethod(HttpMethod.POST)
                .putHeader(Headers.CONTENT_TYPE, Headers.JSON)
                .putHeader(Headers.ACCEPT_ENCODING, Headers.IDENTITY);
    }
}
