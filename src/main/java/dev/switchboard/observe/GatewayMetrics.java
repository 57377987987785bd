package dev.switchboard.observe;

import dev.switchboard.model.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's meters, named as Prometheus shows them (Micrometer adds {@code _total} and {@code _seconds}).
 * Labels stay bounded: providers and credentials come from the configuration, model names pass a
 * {@link LabelCap}, statuses are HTTP codes and outcomes are closed sets.
 */
final class GatewayMetrics {
    static final String REQUESTS = "switchboard.requests";
    static final String REQUEST_DURATION = "switchboard.request.duration";
    static final String TIME_TO_FIRST_TOKEN = "switchboard.time.to.first.token";
    static final String OVERHEAD = "switchboard.gateway.overhead";
    static final String IN_FLIGHT = "switchboard.requests.in.flight";
    static final String TOKENS = "switchboard.tokens";
    static final String ATTEMPTS = "switchboard.upstream.attempts";
    static final String UPSTREAM_RESPONSE = "switchboard.upstream.response";
    static final String FAILOVERS = "switchboard.failovers";
    static final String RACES_STARTED = "switchboard.race.starts";
    static final String RACES_ENDED = "switchboard.race.ends";
    static final String RACERS = "switchboard.race.racers";
    static final String RACERS_CANCELLED = "switchboard.race.cancelled.racers";
    static final String BREAKER_TRANSITIONS = "switchboard.breaker.transitions";
    static final String COOLDOWNS = "switchboard.credential.cooldowns";

    private static final Duration[] LATENCY = seconds(0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300);
    private static final Duration[] FIRST_TOKEN = seconds(0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60);
    private static final Duration[] OVERHEAD_BUCKETS = seconds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
            0.025, 0.05, 0.1, 0.25);

    private final MeterRegistry registry;
    private final LabelCap models;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<RequestKey, RequestMeters> requests = new ConcurrentHashMap<>();
    private final Map<TokenKey, Counter> tokens = new ConcurrentHashMap<>();
    private final Map<AttemptKey, Counter> attempts = new ConcurrentHashMap<>();
    private final Map<String, Timer> upstreamResponse = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry, LabelCap models) {
        this.registry = registry;
        this.models = models;
        Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("Client requests being served now").register(registry);
    }

    String model(String name) { return models.of(name); }

    void requestStarted() { inFlight.incrementAndGet(); }

    int inFlight() { return inFlight.get(); }

    /** One finished client request. {@code firstTokenNanos} is negative when it was no stream. */
    void requestEnded(String api, String model, String provider, int status, boolean stream, long totalNanos,
                      long overheadNanos, long firstTokenNanos) {
        inFlight.decrementAndGet();
        requests.computeIfAbsent(new RequestKey(api, model, provider, status, stream), this::requestMeters)
                .record(totalNanos, overheadNanos, firstTokenNanos);
    }

    /** The meters of one label combination, looked up once: building a meter id per request shows in profiles. */
    private RequestMeters requestMeters(RequestKey k) {
        Counter count = Counter.builder(REQUESTS).description("Client requests by inbound API, model, provider and HTTP status")
                .tags("api", k.api, "model", k.model, "provider", k.provider, "status", String.valueOf(k.status))
                .register(registry);
        Timer duration = Timer.builder(REQUEST_DURATION).description("Client request duration, to the last byte")
                .tags("api", k.api, "model", k.model, "provider", k.provider, "stream", String.valueOf(k.stream))
                .serviceLevelObjectives(LATENCY).register(registry);
        Timer overhead = Timer.builder(OVERHEAD).description("Time the gateway itself spent on a request: its duration up to the "
                        + "response headers less the time spent waiting for upstreams")
                .tags("api", k.api, "stream", String.valueOf(k.stream))
                .serviceLevelObjectives(OVERHEAD_BUCKETS).register(registry);
        Timer firstToken = !k.stream ? null : Timer.builder(TIME_TO_FIRST_TOKEN).description("Streams: time until the first byte of the answer was sent")
                .tags("api", k.api, "model", k.model, "provider", k.provider)
                .serviceLevelObjectives(FIRST_TOKEN).register(registry);
        return new RequestMeters(count, duration, overhead, firstToken);
    }

    void tokens(String model, String provider, Usage usage) {
        if (usage.promptTokens() > 0) tokenCounter(model, provider, "input").increment(usage.promptTokens());
        if (usage.completionTokens() > 0) tokenCounter(model, provider, "output").increment(usage.completionTokens());
    }

    private Counter tokenCounter(String model, String provider, String direction) {
        return tokens.computeIfAbsent(new TokenKey(model, provider, direction), k -> Counter.builder(TOKENS)
                .description("Tokens the upstreams reported, input (prompt) and output")
                .tags("model", k.model, "provider", k.provider, "direction", k.direction).register(registry));
    }

    /** One upstream attempt's outcome; {@code upstreamNanos} negative when the request never left. */
    void attempt(String provider, String credential, String outcome, long upstreamNanos) {
        attempts.computeIfAbsent(new AttemptKey(provider, credential, outcome), k -> Counter.builder(ATTEMPTS)
                .description("Upstream attempts by provider, credential and outcome")
                .tags("provider", k.provider, "credential", k.credential, "outcome", k.outcome)
                .register(registry)).increment();
        if (upstreamNanos >= 0) {
            upstreamResponse.computeIfAbsent(provider, p -> Timer.builder(UPSTREAM_RESPONSE)
                    .description("Upstream time to a whole answer, or to a stream's first content")
                    .tags("provider", p).serviceLevelObjectives(FIRST_TOKEN).register(registry))
                    .record(upstreamNanos, TimeUnit.NANOSECONDS);
        }
    }

    void failover(String scope, String reason) {
        Counter.builder(FAILOVERS).description("Failures moved on to another credential (scope credential) or target")
                .tags("scope", scope, "reason", reason).register(registry).increment();
    }

    void raceStarted() {
        Counter.builder(RACES_STARTED).description("Races started").register(registry).increment();
    }

    void raceEnded(String outcome, int racers, int cancelled) {
        Counter.builder(RACES_ENDED).description("Races ended, by outcome (won, failed, abandoned)")
                .tags("outcome", outcome).register(registry).increment();
        Counter.builder(RACERS).description("Racers started").register(registry).increment(racers);
        Counter.builder(RACERS_CANCELLED).description("Racers stopped unfinished when a race was decided")
                .register(registry).increment(cancelled);
    }

    void breakerTransition(String provider, String credential, String to) {
        Counter.builder(BREAKER_TRANSITIONS).description("Circuit breaker transitions per credential, by new state")
                .tags("provider", provider, "credential", credential, "to", to).register(registry).increment();
    }

    void cooldown(String provider, String credential, String kind) {
        Counter.builder(COOLDOWNS).description("Credentials taken out of rotation: cooldown, daily_quota or invalid")
                .tags("provider", provider, "credential", credential, "kind", kind).register(registry).increment();
    }

    private record RequestKey(String api, String model, String provider, int status, boolean stream) {}

    private record TokenKey(String model, String provider, String direction) {}

    private record AttemptKey(String provider, String credential, String outcome) {}

    private record RequestMeters(Counter count, Timer duration, Timer overhead, Timer firstToken) {
        void record(long totalNanos, long overheadNanos, long firstTokenNanos) {
            count.increment();
            duration.record(totalNanos, TimeUnit.NANOSECONDS);
            overhead.record(overheadNanos, TimeUnit.NANOSECONDS);
            if (firstToken != null && firstTokenNanos >= 0) firstToken.record(firstTokenNanos, TimeUnit.NANOSECONDS);
        }
    }

    private static Duration[] seconds(double... s) {
        return Arrays.stream(s).mapToObj(x -> Duration.ofNanos(Math.round(x * 1e9))).toArray(Duration[]::new);
    }
}
