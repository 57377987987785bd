package dev.switchboard.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.credential.Credential;
import dev.switchboard.format.Json;
import dev.switchboard.model.ModelInfo;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lists an OpenAI-compatible provider's models ({@code GET {base_url}/models}) with one of its credentials. */
public final class OpenAiModelLister {
    private OpenAiModelLister() {}

    public static Future<List<ModelInfo>> list(UpstreamClient client, String baseUrl, Credential c, String owner) {
        String url = OpenAiProtocol.base(c, baseUrl) + "/models";
        return client.pooled(UpstreamClient.options(url, c.proxy()).setMethod(HttpMethod.GET)
                        .putHeader("authorization", "Bearer " + c.secret())
                        .putHeader("accept-encoding", "identity")
                        .setIdleTimeout(client.config().connectTimeout().toMillis() * 3))
                .compose(req -> req.send())
                .compose(resp -> resp.body().compose(body -> {
                    if (resp.statusCode() != 200) {
                        return Future.failedFuture("model list answered HTTP " + resp.statusCode());
                    }
                    Optional<JsonNode> root = Json.tryParse(body.toString());
                    if (root.isEmpty() || !root.get().path("data").isArray()) {
                        return Future.failedFuture("model list is not an OpenAI list");
                    }
                    List<ModelInfo> out = new ArrayList<>();
                    for (JsonNode m : root.get().path("data")) {
                        String id = m.path("id").asText("");
                        if (!id.isEmpty()) out.add(new ModelInfo(id, owner));
                    }
                    return Future.succeededFuture(out);
                }));
    }
}
