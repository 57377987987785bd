package dev.switchboard.inbound;

import dev.switchboard.format.gemini.GeminiEmbeddings;
import dev.switchboard.format.openai.OpenAiEmbeddings;
import dev.switchboard.model.CallContext;
import dev.switchboard.model.EmbeddingRequest;
import dev.switchboard.model.ForwardRequest;
import dev.switchboard.model.WireFormat;
import dev.switchboard.routing.RoutePlan;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * OpenAI's {@code POST /v1/embeddings}, served by Gemini-format providers: one text becomes
 * {@code embedContent}, a list {@code batchEmbedContents}, with the same pools and failover as chat.
 */
public final class EmbeddingsApi {
    private final Inbound inbound;

    public EmbeddingsApi(Inbound inbound) {
        this.inbound = inbound;
    }

    public void register(HttpRoutes routes) {
        routes.exact(HttpMethod.POST, "/v1/embeddings", (req, rest) -> embeddings(req));
        routes.exact(HttpMethod.POST, "/embeddings", (req, rest) -> embeddings(req));
    }

    private void embeddings(HttpServerRequest req) {
        inbound.handle(req, WireFormat.OPENAI, (exchange, body) -> {
            EmbeddingRequest request = OpenAiEmbeddings.decode(body);
            RoutePlan plan = inbound.dispatcher().plan(request.model());
            CallContext ctx = exchange.context(request.model());
            ForwardRequest forward = new ForwardRequest(WireFormat.GEMINI, request.model(),
                    GeminiEmbeddings.method(request), upstream -> GeminiEmbeddings.encode(request, upstream));
            return inbound.dispatcher().forward(ctx, plan, forward).map(answer -> {
                req.response().putHeader("content-type", "application/json")
                        .end(OpenAiEmbeddings.encode(GeminiEmbeddings.decode(answer), request.model(), request.base64()));
                return null;
            });
        });
    }
}
