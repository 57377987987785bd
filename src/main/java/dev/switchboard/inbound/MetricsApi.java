package dev.switchboard.inbound;

import dev.switchboard.observe.Telemetry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /metrics}: Prometheus text format. Protected by {@code server.metrics_key} ({@code METRICS_KEY})
 * when set; otherwise by the client keys, when there are any; otherwise open. The key goes in
 * {@code Authorization: Bearer}, {@code X-API-Key} or {@code ?key=}.
 */
public final class MetricsApi {
    private final Telemetry telemetry;
    private final OperatorAuth auth;

    public MetricsApi(Telemetry telemetry, Optional<String> metricsKey, List<String> clientKeys) {
        this.telemetry = telemetry;
        this.auth = new OperatorAuth(metricsKey, clientKeys);
    }

    public void register(HttpRoutes routes) {
        routes.exact(HttpMethod.GET, "/metrics", (req, rest) -> metrics(req));
    }

    private void metrics(HttpServerRequest req) {
        if (!auth.admits(req)) return;
        req.response().putHeader("content-type", Telemetry.scrapeContentType()).putHeader("cache-control", "no-store")
                .end(telemetry.scrape());
    }
}
