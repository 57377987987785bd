package dev.switchboard.inbound;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.credential.CredentialPool;
import dev.switchboard.credential.CredentialStatus;
import dev.switchboard.observe.Telemetry;
import dev.switchboard.credential.StoreHealth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /} and {@code /health}: needs no key, shows what is configured and how every credential is
 * doing, by masked id only, with request rates and recent errors. Says plainly when nothing is configured yet.
 * A browser asking for {@code /} gets the live HTML page, which polls {@code /status.json}.
 */
public final class StatusApi {
    private final GatewayConfig config;
    private final Map<String, CredentialPool> pools;
    private final Clock clock;
    private final Instant started;
    private final boolean open;
    private final Telemetry telemetry;
    private final Supplier<StoreHealth> store;

    public StatusApi(GatewayConfig config, Map<String, CredentialPool> pools, Clock clock, boolean open,
                     Telemetry telemetry, Supplier<StoreHealth> store) {
        this(config, pools, clock, clock.instant(), open, telemetry, store);
    }

    /** {@code started}: when the process began serving, so that uptime survives a reloaded configuration. */
    public StatusApi(GatewayConfig config, Map<String, CredentialPool> pools, Clock clock, Instant started, boolean open,
                     Telemetry telemetry, Supplier<StoreHealth> store) {
        this.config = config;
        this.pools = pools;
        this.clock = clock;
        this.started = started;
        this.open = open;
        this.telemetry = telemetry;
        this.store = store;
    }

    public void register(HttpRoutes routes) {
        routes.exact(HttpMethod.GET, "/", (req, rest) -> {
            if (StatusPage.wanted(req)) StatusPage.get().send(req);
            else status(req);
        });
        routes.exact(HttpMethod.GET, "/status.json", (req, rest) -> status(req));
        routes.exact(HttpMethod.GET, "/health", (req, rest) -> status(req));
        routes.exact(HttpMethod.GET, "/status", (req, rest) -> status(req));
    }

    /** A line for the start-up log and the status page; warnings say what is missing. */
    public record Note(boolean warning, String text) {}

    /** What is configured and what is missing. */
    public List<Note> summary() {
        List<Note> lines = new java.util.ArrayList<>();
        if (config.providers().isEmpty() || config.providers().stream().allMatch(p -> p.credentials().isEmpty())) {
            lines.add(new Note(true, "No upstream credentials are configured: requests will fail until you set "
                    + "GEMINI_API_KEYS (or another provider's keys) or a config file."));
        }
        for (ProviderConfig p : config.providers()) {
            lines.add(new Note(false, "provider " + p.name() + " (" + p.type().configName() + ", "
                    + p.credentials().size() + " credentials, strategy " + p.strategy() + ") at " + p.baseUrl()));
        }
        if (open) lines.add(new Note(true, "No client keys configured (SWITCHBOARD_API_KEYS): every client is accepted."));
        return lines;
    }

    private void status(HttpServerRequest req) {
        req.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                .end(ModelCatalog.write(this::write));
    }

    private void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("status", "ok");
        g.writeStringField("service", "switchboard");
        g.writeNumberField("uptime_seconds", Duration.between(started, clock.instant()).toSeconds());
        g.writeBooleanField("client_auth", !open);
        g.writeArrayFieldStart("notes");
        for (Note n : summary()) g.writeString(n.text());
        g.writeEndArray();
        writeStore(g, store.get());
        g.writeArrayFieldStart("providers");
        for (ProviderConfig p : config.providers()) {
            g.writeStartObject();
            g.writeStringField("name", p.name());
            g.writeStringField("type", p.type().configName());
            g.writeStringField("strategy", p.strategy());
            g.writeArrayFieldStart("credentials");
            CredentialPool pool = pools.get(p.name());
            if (pool != null) for (CredentialStatus s : pool.status()) writeCredential(g, s);
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        telemetry.writeStatus(g);
        g.writeEndObject();
    }

    /** Where pool state lives; {@code degraded}: the shared store is unreachable and this replica runs on its own. */
    private static void writeStore(JsonGenerator g, StoreHealth h) throws IOException {
        g.writeObjectFieldStart("state_store");
        g.writeStringField("kind", h.kind());
        g.writeStringField("location", h.location());
        g.writeStringField("status", h.degraded() ? "degraded" : h.kind().equals("memory") ? "local" : "connected");
        if (h.since().isPresent()) g.writeStringField("since", h.since().get().toString());
        if (h.reason().isPresent()) g.writeStringField("reason", h.reason().get());
        g.writeNumberField("outages", h.outages());
        g.writeEndObject();
    }

    private static void writeCredential(JsonGenerator g, CredentialStatus s) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeStringField("state", s.state());
        if (s.until().isPresent()) g.writeStringField("until", s.until().get().toString());
        if (s.lastError().isPresent()) g.writeStringField("last_error", s.lastError().get());
        if (s.lastErrorAt().isPresent()) g.writeStringField("last_error_at", s.lastErrorAt().get().toString());
        g.writeNumberField("successes", s.successes());
        g.writeNumberField("failures", s.failures());
        g.writeNumberField("in_flight", s.inFlight());
        if (s.proxy().isPresent()) g.writeStringField("proxy", s.proxy().get());
        g.writeEndObject();
    }
}
