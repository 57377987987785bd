package dev.switchboard.inbound;

import dev.switchboard.format.Headers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.format.gemini.GeminiModelFields;
import dev.switchboard.format.gemini.GeminiRequestDecoder;
import dev.switchboard.format.gemini.GeminiResponseEncoder;
import dev.switchboard.format.gemini.GeminiStreamEncoder;
import dev.switchboard.model.CallContext;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.ForwardRequest;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.ModelInfo;
import dev.switchboard.model.UpstreamCall;
import dev.switchboard.model.WireFormat;
import dev.switchboard.routing.RoutePlan;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Google's Gemini API, natively: {@code POST /v1beta/models/{model}:{method}} for generateContent,
 * streamGenerateContent (SSE with {@code alt=sse}, else Google's JSON-array stream), countTokens, embedContent
 * and batchEmbedContents; {@code GET /v1beta/models[/{model}]}. The same under {@code /v1/}, where a model list
 * is Gemini-shaped only for Google's clients (OpenAI's list lives there too).
 *
 * <p>Chat goes through the dispatcher like any chat (pools, routing, failover, race, fake streaming); a Gemini
 * upstream's bytes reach the client unchanged, and the client's body reaches it unchanged. The other methods
 * are forwarded as they are, to Gemini-format providers only.
 */
public final class GeminiApi {
    private final Inbound inbound;
    private final ModelCatalog catalog;

    public GeminiApi(Inbound inbound, ModelCatalog catalog) {
        this.inbound = inbound;
        this.catalog = catalog;
    }

    public void register(HttpRoutes routes) {
        routes.prefix(HttpMethod.POST, "/v1beta/models/", this::call);
        routes.prefix(HttpMethod.POST, "/v1/models/", this::call);
        routes.exact(HttpMethod.GET, "/v1beta/models", (req, rest) -> models(req));
        routes.prefix(HttpMethod.GET, "/v1beta/models/", this::model);
        routes.exactWhen(HttpMethod.GET, "/v1/models", GeminiApi::fromGoogleClient, (req, rest) -> models(req));
        routes.prefixWhen(HttpMethod.GET, "/v1/models/", GeminiApi::fromGoogleClient, this::model);
    }

    /**
     * Google's SDKs send {@code x-goog-api-client} and {@code x-goog-api-key}; Google's REST examples use
     * {@code ?key=}. OpenAI's clients send none of these, so they keep getting OpenAI's shape.
     */
    static boolean fromGoogleClient(HttpServerRequest req) {
        return req.getHeader("x-goog-api-client") != null || req.getHeader("x-goog-api-key") != null
                || req.getParam("key") != null;
    }

    /** {@code rest} is {@code {model}:{method}}; model names may hold colons, methods never do. */
    private void call(HttpServerRequest req, String rest) {
        int colon = rest.lastIndexOf(':');
        String model = colon > 0 ? rest.substring(0, colon) : rest;
        String method = colon > 0 ? rest.substring(colon + 1) : "";
        switch (method) {
            case "generateContent" -> chat(req, model, false);
            case "streamGenerateContent" -> chat(req, model, true);
            case "countTokens", "embedContent", "batchEmbedContents" -> forward(req, model, method);
            default -> inbound.handle(req, WireFormat.GEMINI, (exchange, body) -> Future.failedFuture(
                    new GatewayException(ErrorKind.NOT_FOUND, method.isEmpty()
                            ? "No method in " + req.path() + "; expected models/{model}:{method}."
                            : "Method '" + method + "' is not supported by this gateway (generateContent, "
                                    + "streamGenerateContent, countTokens, embedContent, batchEmbedContents are).")));
        }
    }

    private void chat(HttpServerRequest req, String rawModel, boolean stream) {
        inbound.handle(req, WireFormat.GEMINI, (exchange, body) -> {
            String model = modelName(rawModel);
            boolean sse = stream && sseFraming(req);
            ChatRequest request = GeminiRequestDecoder.decode(body, model).withStream(stream);
            RoutePlan plan = inbound.dispatcher().plan(model);
            CallContext ctx = exchange.context(model);
            UpstreamCall call = inbound.dispatcher().callFor(ctx, plan);
            HttpServerResponse resp = req.response();
            if (!stream) {
                return call.complete(ctx, request).map(answer -> {
                    resp.putHeader(Headers.CONTENT_TYPE, Headers.JSON).end(GeminiResponseEncoder.encode(answer, model));
                    return answer;
                }).mapEmpty();
            }
            return StreamRelay.relay(ctx, call.stream(ctx, request), new GeminiStreamEncoder(model, !sse), resp,
                    WireFormat.GEMINI);
        });
    }

    /** {@code alt=sse} asks for server-sent events; without it (or with {@code alt=json}) Google streams a JSON array. */
    private static boolean sseFraming(HttpServerRequest req) {
        String alt = req.getParam("alt");
        if (alt == null || alt.equals("json")) return false;
        if (alt.equals("sse")) return true;
        throw GatewayException.invalid("alt", "'alt' must be 'sse' or 'json' for streamGenerateContent; got '" + alt + "'");
    }

    /** The body is only checked to be JSON; model fields inside it follow a routing rename, and nothing else changes. */
    private void forward(HttpServerRequest req, String rawModel, String method) {
        inbound.handle(req, WireFormat.GEMINI, (exchange, body) -> {
            String model = modelName(rawModel);
            JsonNode root = Json.parseObject(body, ErrorKind.INVALID_REQUEST, "request body");
            RoutePlan plan = inbound.dispatcher().plan(model);
            CallContext ctx = exchange.context(model);
            ForwardRequest request = new ForwardRequest(WireFormat.GEMINI, model, method,
                    upstream -> upstream.equals(model) ? body : GeminiModelFields.rename(body, root, upstream));
            return inbound.dispatcher().forward(ctx, plan, request).map(answer -> {
                req.response().putHeader("content-type", "application/json").end(answer);
                return null;
            });
        });
    }

    private void models(HttpServerRequest req) {
        inbound.handleGet(req, WireFormat.GEMINI, exchange -> catalog.models().map(list -> {
            req.response().putHeader("content-type", "application/json").end(GeminiModelList.list(list));
            return null;
        }));
    }

    /** A model the catalog lists, or one the router can serve though no upstream listed it. */
    private void model(HttpServerRequest req, String rawId) {
        inbound.handleGet(req, WireFormat.GEMINI, exchange -> {
            String id = modelName(rawId);
            if (id.indexOf(':') >= 0) {
                throw new GatewayException(ErrorKind.NOT_FOUND, "models/" + id + " is not a model; methods are called with POST.");
            }
            return catalog.models().compose(list -> {
                Optional<ModelInfo> m = list.stream().filter(e -> e.id().equals(id)).findFirst()
                        .or(() -> inbound.dispatcher().router().plan(id)
                                .map(p -> new ModelInfo(id, p.targets().getFirst().provider())));
                if (m.isEmpty()) {
                    return Future.failedFuture(new GatewayException(ErrorKind.NOT_FOUND, "models/" + id + " is not found.",
                            Optional.of("model"), Optional.of("model_not_found")));
                }
                req.response().putHeader("content-type", "application/json").end(GeminiModelList.model(m.get()));
                return Future.succeededFuture();
            });
        });
    }

    /** The model name from the path, percent-decoded ('+' is a plus in a path). */
    private static String modelName(String raw) {
        if (raw.indexOf('%') < 0) return raw;
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("model", "The model name in the path is not valid percent-encoding: '" + raw + "'");
        }
    }
}
