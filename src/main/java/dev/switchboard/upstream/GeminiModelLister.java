package dev.switchboard.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.credential.Credential;
import dev.switchboard.model.ModelInfo;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.WireFormat;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lists a Gemini-API provider's models ({@code GET /v1beta/models}) with one of its credentials, keeping each
 * model's own description for Gemini clients.
 */
public final class GeminiModelLister {

    private GeminiModelLister() {}

    public static Future<List<ModelInfo>> list(UpstreamClient client, String baseUrl, Credential c,
                                                        String owner) {
        String url = c.baseUrl().orElse(baseUrl) + "/v1beta/models?pageSize=1000";
        return client.pooled(UpstreamClient.options(url, c.proxy()).setMethod(HttpMethod.GET)
                        .putHeader("x-goog-api-key", c.secret())
                        .setIdleTimeout(client.config().connectTimeout().toMillis() * 3))
                .compose(req -> req.send())
                .compose(resp -> resp.body().compose(body -> {
                    if (resp.statusCode() != 200) {
                        return Future.failedFuture("model list answered HTTP " + resp.statusCode());
                    }
                    try {
                        JsonNode root = Json.readTree(body);
                        List<ModelInfo> out = new ArrayList<>();
                        for (JsonNode m : root.path("models")) {
                            String name = m.path("name").asText("");
                            if (name.startsWith("models/")) name = name.substring(7);
                            if (!name.isEmpty()) out.add(new ModelInfo(name, owner, Optional.of(
                                    new NativeBody(WireFormat.GEMINI, Json.write(g -> Json.writeTree(g, m))))));
                        }
                        return Future.succeededFuture(out);
                    } catch (IOException e) {
                        return Future.failedFuture("model list is not JSON");
                    }
                }));
    }
}
