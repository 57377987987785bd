package dev.switchboard.inbound;

import dev.switchboard.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /admin/reload}: reads the configuration again and applies it (docs/operations.md, "Live
 * configuration"). Answers 200 {@code {"status":"reloaded"}}, or 400 with the reason the new configuration was
 * rejected while the old one keeps serving. Guarded like {@code /metrics}: the metrics key, else the client keys.
 */
public final class AdminApi {
    private final Supplier<Future<Void>> reload;
    private final OperatorAuth auth;

    public AdminApi(Supplier<Future<Void>> reload, Optional<String> metricsKey, List<String> clientKeys) {
        this.reload = reload;
        this.auth = new OperatorAuth(metricsKey, clientKeys);
    }

    public void register(HttpRoutes routes) {
        routes.exact(HttpMethod.POST, "/admin/reload", (req, rest) -> reload(req));
    }

    private void reload(HttpServerRequest req) {
        req.resume();
        if (!auth.admits(req)) return;
        reload.get().onComplete(done -> {
            Throwable e = done.cause();
            int status = e == null ? 200 : e instanceof ConfigException ? 400 : 500;
            req.response().setStatusCode(status).putHeader("content-type", "application/json")
                    .putHeader("cache-control", "no-store").end(ModelCatalog.write(g -> {
                        g.writeStartObject();
                        g.writeStringField("status", e == null ? "reloaded" : "rejected");
                        if (e != null) g.writeStringField("error", String.valueOf(e.getMessage()));
                        g.writeEndObject();
                    }));
        });
    }
}
