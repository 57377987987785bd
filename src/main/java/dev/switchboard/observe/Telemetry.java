package dev.switchboard.observe;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.credential.Credential;
import dev.switchboard.credential.CredentialPool;
import dev.switchboard.credential.ModelAlias;
import dev.switchboard.model.CallObserver;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.model.Usage;
import dev.switchboard.resilience.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * What the operator sees of the gateway: Prometheus metrics, the access log, debug translation logs, recent
 * errors and request rates. Owned by the process, not by a configuration: a gateway rebuilt from new settings
 * (new pools, new dispatcher) keeps the same counters and tells it its pools again with {@link #watch}.
 */
public final class Telemetry implements AutoCloseable {
    private static final int MAX_MODEL_LABELS = 64;
    private static final int RECENT_ERRORS = 50;

    private final PrometheusMeterRegistry registry;
    private final GatewayMetrics metrics;
    private final CredentialGauges credentialGauges;
    private final LabelCap models = new LabelCap(MAX_MODEL_LABELS);
    private final RecentErrors recentErrors = new RecentErrors(RECENT_ERRORS);
    private final RequestRates rates;
    private final Clock clock;
    private final LongSupplier ticker;
    private boolean jvmMetersBound;
    private volatile List<CredentialPool> pools = List.of();
    /**
     * Never changed once published. A {@link HashSet} whatever the count: the unmodifiable sets are classes by size,
     * and the warm-up's gateway, with its own credentials, would compile {@link #credentialLabel} for another.
     */
    private volatile Set<String> knownCredentials = new HashSet<>();

    private final boolean accessLog;
    /**
     * One ticker for every instance: each {@code System::nanoTime} written out is a class of its own, and code the
     * JIT compiled while the start-up warm-up's gateway ran would meet another class in the serving one and be
     * thrown away (docs/benchmarks.md).
     */
    private static final LongSupplier SYSTEM_TICKER = System::nanoTime;

    private Telemetry(Clock clock, LongSupplier ticker, boolean accessLog) {
        this.clock = clock;
        this.ticker = ticker;
        this.accessLog = accessLog;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.metrics = new GatewayMetrics(registry, models);
        this.credentialGauges = new CredentialGauges(registry);
        this.rates = new RequestRates(clock);
    }

    /**
     * Adds the JVM's and the process's meters (memory, collections, threads, CPU, uptime) to the registry, once;
     * {@link #scrape()} does it if nobody did before. Not part of construction: their set-up, run in the
     * interpreter, is work the first answer need not wait for, so the process binds them once it serves.
     */
    public synchronized void bindJvmMetrics() {
        if (jvmMetersBound) return;
        jvmMetersBound = true;
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMeters.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Telemetry with its own registry; {@code clock} dates errors and rates, durations use {@link System#nanoTime}. */
    public static Telemetry create(Clock clock) {
        return new Telemetry(clock, SYSTEM_TICKER, true);
    }

    /** Like {@link #create}, but writes no access log: for the start-up warm-up's private gateway. */
    public static Telemetry quiet(Clock clock) {
        return new Telemetry(clock, SYSTEM_TICKER, false);
    }

    public MeterRegistry registry() { return registry; }

    /** The pools whose credentials the gauges and the status page show; replaces those watched before. */
    public void watch(Collection<CredentialPool> current) {
        this.pools = List.copyOf(current);
        this.knownCredentials = current.stream()
                .flatMap(p -> p.credentials().stream().map(c -> p.provider() + "/" + c.maskedId()))
                .collect(Collectors.toCollection(HashSet::new));
        for (CredentialPool p : current) {
            for (Credential c : p.credentials()) for (ModelAlias m : c.models()) models.admit(m.alias());
        }
    }

    public List<CredentialPool> pools() { return pools; }

    /** Whether a client request is in flight or ended within the last two seconds. */
    public boolean busy() {
        return metrics.inFlight() > 0 || rates.last(2).requests() > 0;
    }

    /** A client request begins; {@code api} names its inbound API ({@code openai}, {@code gemini}). */
    public RequestObservation begin(String requestId, String api, String method, String path) {
        metrics.requestStarted();
        return new RequestObservation(this, requestId, api, method, path);
    }

    /** Told of a pool's breaker transitions; they become {@code switchboard_breaker_transitions_total}. */
    public CircuitBreaker.Listener breakerListener(String provider) {
        return (credential, from, to, at) -> metrics.breakerTransition(provider, credentialLabel(provider, credential),
                RequestObservation.lower(to));
    }

    /** Told of a pool's cooldowns; they become {@code switchboard_credential_cooldowns_total}. */
    public CredentialPool.CooldownListener cooldownListener(String provider) {
        return (credential, model, kind, until) -> metrics.cooldown(provider, credentialLabel(provider, credential), kind);
    }

    /** The metrics in Prometheus' text format, with the per-credential gauges read from the pools now. */
    public String scrape() {
        bindJvmMetrics();
        credentialGauges.refresh(pools, clock.instant());
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}. */
    public static String scrapeContentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    /** The status page's live part: traffic totals and rates, and the recent errors. */
    public void writeStatus(JsonGenerator g) throws IOException {
        g.writeNumberField("time", clock.millis());
        g.writeObjectFieldStart("traffic");
        g.writeNumberField("in_flight", (long) registry.get(GatewayMetrics.IN_FLIGHT).gauge().value());
        for (RequestRates.Window w : List.of(rates.last(60), rates.last(RequestRates.SECONDS))) {
            g.writeObjectFieldStart("last_" + w.seconds() + "s");
            g.writeNumberField("requests", w.requests());
            g.writeNumberField("errors", w.errors());
            g.writeNumberField("per_minute", Math.round(w.requests() * 600.0 / w.seconds()) / 10.0);
            g.writeEndObject();
        }
        g.writeArrayFieldStart("history");
        for (RequestRates.Point p : rates.history(30, 10)) {
            g.writeStartObject();
            g.writeNumberField("start", p.start());
            g.writeNumberField("requests", p.requests());
            g.writeNumberField("errors", p.errors());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeArrayFieldStart("recent_errors");
        for (RecentErrors.Entry e : recentErrors.newestFirst()) {
            g.writeStartObject();
            g.writeStringField("at", e.at().toString());
            g.writeStringField("request_id", e.requestId());
            g.writeStringField("scope", e.scope());
            g.writeStringField("provider", e.provider());
            g.writeStringField("credential", e.credential());
            g.writeStringField("model", e.model());
            g.writeStringField("kind", e.kind());
            if (e.status() > 0) g.writeNumberField("status", e.status());
            g.writeStringField("message", e.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    @Override
    public void close() {
        registry.close();
    }

    // ---- for RequestObservation ----

    GatewayMetrics metrics() { return metrics; }

    long nanoTime() { return ticker.getAsLong(); }

    String credentialLabel(String provider, String credential) {
        return knownCredentials.contains(provider + "/" + credential) ? credential : LabelCap.OTHER;
    }

    void attemptEnded(String requestId, String modelLabel, CallObserver.AttemptInfo info, String outcome,
                      long upstreamNanos, Optional<Usage> usage, Optional<UpstreamFailure> failure) {
        metrics.attempt(info.provider(), credentialLabel(info.provider(), info.credential()), outcome, upstreamNanos);
        usage.ifPresent(u -> metrics.tokens(modelLabel, info.provider(), u));
        failure.ifPresent(f -> recentErrors.add(new RecentErrors.Entry(clock.instant(), requestId, "upstream",
                info.provider(), info.credential(), info.upstreamModel(), RequestObservation.lower(f.failureClass()),
                f.upstreamStatus(), info.redact().apply(String.valueOf(f.getMessage())))));
    }

    void requestEnded(RequestObservation r, RequestObservation.Summary s) {
        String provider = s.attempt().map(a -> a.info.provider()).orElse(LabelCap.NONE);
        metrics.requestEnded(r.api(), s.modelLabel(), provider, s.status(), s.stream(), s.totalNanos(),
                s.overheadNanos(), s.firstByteNanos());
        rates.record(s.status());
        if ((s.status() >= 500 || s.status() == 429) && !s.anyAttemptFailed()) {
            GatewayException e = s.error().orElse(null);
            String kind = e instanceof UpstreamFailure f ? RequestObservation.lower(f.failureClass())
                    : e != null ? RequestObservation.lower(e.kind()) : "http_" + s.status();
            recentErrors.add(new RecentErrors.Entry(clock.instant(), r.requestId(), "request", provider, "-",
                    s.requestedModel().orElse("-"), kind, s.status(), e == null ? "" : String.valueOf(e.getMessage())));
        }
        // The logger first: the warm-up's quiet gateway then takes the serving gateway's branch whenever the access log
        // is off, as it is in the benchmarks.
        if (AccessLog.enabled() && accessLog) AccessLog.write(r.accessFields(s));
    }
}
