package dev.switchboard.inbound;

import dev.switchboard.format.Headers;
import dev.switchboard.format.openai.OpenAiRequestDecoder;
import dev.switchboard.format.openai.OpenAiResponseEncoder;
import dev.switchboard.format.openai.OpenAiStreamEncoder;
import dev.switchboard.model.CallContext;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.ModelInfo;
import dev.switchboard.model.UpstreamCall;
import dev.switchboard.model.WireFormat;
import dev.switchboard.routing.RoutePlan;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;

/** The OpenAI-compatible API: {@code POST /v1/chat/completions}, {@code GET /v1/models[/{id}]}. */
public final class OpenAiApi {
    private final Inbound inbound;
    private final ModelCatalog catalog;

    public OpenAiApi(Inbound inbound, ModelCatalog catalog) {
        this.inbound = inbound;
        this.catalog = catalog;
    }

    public void register(HttpRoutes routes) {
        routes.exact(HttpMethod.POST, "/v1/chat/completions", (req, rest) -> chat(req));
        routes.exact(HttpMethod.POST, "/chat/completions", (req, rest) -> chat(req));
        routes.exact(HttpMethod.GET, "/v1/models", (req, rest) -> models(req));
        routes.prefix(HttpMethod.GET, "/v1/models/", (req, rest) -> model(req, rest));
    }

    private void chat(HttpServerRequest req) {
        inbound.handle(req, WireFormat.OPENAI, (exchange, body) -> {
            ChatRequest request = OpenAiRequestDecoder.decode(body);
            RoutePlan plan = inbound.dispatcher().plan(request.model());
            CallContext ctx = exchange.context(request.model());
            UpstreamCall call = inbound.dispatcher().callFor(ctx, plan);
            HttpServerResponse resp = req.response();
            if (!request.stream()) {
                return call.complete(ctx, request).map(answer -> {
                    answerJson(resp, answer, request.model());
                    return answer;
                }).mapEmpty();
            }
            long created = System.currentTimeMillis() / 1000;
            OpenAiStreamEncoder encoder = new OpenAiStreamEncoder("chatcmpl-" + ctx.requestId(), request.model(),
                    created, request.includeUsage());
            return StreamRelay.relay(ctx, call.stream(ctx, request), encoder, resp, WireFormat.OPENAI);
        });
    }

    private static void answerJson(HttpServerResponse resp, ChatResponse answer, String clientModel) {
        resp.putHeader(Headers.CONTENT_TYPE, Headers.JSON).end(OpenAiResponseEncoder.encode(answer, clientModel));
    }

    private void models(HttpServerRequest req) {
        inbound.handleGet(req, WireFormat.OPENAI, exchange ->
                catalog.models().map(list -> {
                    req.response().putHeader("content-type", "application/json").end(ModelCatalog.openAiList(list));
                    return null;
                }));
    }

    private void model(HttpServerRequest req, String id) {
        inbound.handleGet(req, WireFormat.OPENAI, exchange ->
                catalog.models().compose(list -> {
                    Optional<ModelInfo> e = list.stream().filter(m -> m.id().equals(id)).findFirst();
                    if (e.isEmpty()) {
                        return Future.failedFuture(new GatewayException(ErrorKind.NOT_FOUND,
                                "The model '" + id + "' does not exist", Optional.of("model"), Optional.of("model_not_found")));
                    }
                    req.response().putHeader("content-type", "application/json").end(ModelCatalog.openAiModel(e.get()));
                    return Future.succeededFuture();
                }));
    }
}
