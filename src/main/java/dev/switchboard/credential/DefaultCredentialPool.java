package dev.switchboard.credential;

import dev.switchboard.credential.CredentialHealth.Check;
import dev.switchboard.credential.PoolStateStore.Updated;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.resilience.BreakerRules;
import dev.switchboard.resilience.BreakerSettings;
import dev.switchboard.resilience.CircuitBreaker;
import dev.switchboard.resilience.CooldownPolicy;
import dev.switchboard.resilience.Durations;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

final class DefaultCredentialPool implements CredentialPool {
    private static final int MAX_ERROR_LENGTH = 300;

    private final String provider;
    private final List<Credential> credentials;
    private final SelectionStrategy strategy;
    private final PoolStateStore store;
    private final CredentialHealth health;
    private final Clock clock;
    private final PoolLog log;
    private final List<String> secrets;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /** The newest state seen per credential key, for the synchronous views. */
    private final Map<String, CredentialState> seen = new ConcurrentHashMap<>();
    /** Rate limits by credential id, for the limited credentials only. */
    private final Map<String, RateLimit> limits;
    private final RateLimiter limiter;
    /** Per model: who serves it and their store keys; computed once (credentials never change in a pool). */
    private final Map<String, ModelView> views = new ConcurrentHashMap<>();
    private final Map<String, String> keyById = new HashMap<>();
    private final List<Credential> enabled;
    private static final int MAX_VIEWS = 1024;
    private static final Future<Map<String, Instant>> NONE_OVER_LIMIT = Future.succeededFuture(Map.of());

    private record ModelView(List<Credential> servers, List<String> keys, String scope, Map<String, String> upstreamById) {
        String upstream(Credential c, String model) {
            String u = upstreamById.get(c.id());
            return u != null ? u : c.upstreamModel(model).orElseThrow();
        }
    }

    DefaultCredentialPool(String provider, List<Credential> credentials, SelectionStrategy strategy,
                          PoolStateStore store, CooldownPolicy cooldowns, BreakerSettings breaker, Clock clock,
                          CircuitBreaker.Listener breakerListener, CooldownListener cooldownListener,
                          Map<String, RateLimit> limits) {
        Set<String> ids = new HashSet<>();
        for (Credential c : credentials) {
            if (!c.provider().equals(provider)) {
                throw new IllegalArgumentException(c + " belongs to provider " + c.provider() + ", not " + provider);
            }
            if (!ids.add(c.id())) throw new IllegalArgumentException("two credentials of " + provider + " have id " + c.id());
        }
        this.provider = provider;
        this.credentials = List.copyOf(credentials);
        this.strategy = strategy;
        this.store = store;
        this.health = new CredentialHealth(cooldowns, BreakerRules.of(breaker));
        this.clock = clock;
        this.log = new PoolLog(health, breakerListener, cooldownListener);
        this.secrets = credentials.stream().map(Credential::secret).toList();
        Map<String, RateLimit> limited = new HashMap<>(limits);
        limited.values().removeIf(l -> !l.limited());
        this.limits = Map.copyOf(limited);
        this.limiter = new RateLimiter(store, clock);
        for (Credential c : credentials) keyById.put(c.id(), provider + "/" + c.id());
        this.enabled = credentials.stream().filter(c -> !c.disabled()).toList();
    }

    @Override
    public String provider() { return provider; }

    @Override
    public List<Credential> credentials() { return credentials; }

    @Override
    public Future<Lease> acquire(String model, Set<String> exclude) {
        Instant now = clock.instant();
        if (enabled.isEmpty()) {
            String why = credentials.isEmpty() ? "No credentials configured for provider " + provider
                    : "All " + credentials.size() + " credentials for provider " + provider + " are disabled";
            return Future.failedFuture(UpstreamFailure.of(FailureClass.NO_CREDENTIAL, ErrorKind.UNAVAILABLE, why));
        }
        ModelView view = view(model);
        List<Credential> servers = view.servers();
        if (servers.isEmpty()) {
            return Future.failedFuture(UpstreamFailure.of(FailureClass.NO_CREDENTIAL, ErrorKind.NOT_FOUND,
                    "No credential serves model " + model));
        }
        List<Credential> candidates = exclude.isEmpty() ? servers
                : servers.stream().filter(c -> !exclude.contains(c.id())).toList();
        Future<Map<String, CredentialState>> read = store.read(exclude.isEmpty() ? view.keys()
                : candidates.stream().map(this::key).toList());
        Future<Map<String, Instant>> full = limits.isEmpty() ? NONE_OVER_LIMIT : limiter.exhausted(limitsOf(candidates));
        // The in-memory store answers at once: then the whole choice is made without composing futures.
        if (read.succeeded() && full.succeeded()) {
            return then(read, states -> choose(model, view, candidates, states, full.result(), now));
        }
        return Future.all(read, full).compose(both -> choose(model, view, candidates, read.result(), full.result(), now));
    }

    private Future<Lease> choose(String model, ModelView view, List<Credential> candidates,
                                 Map<String, CredentialState> states, Map<String, Instant> overLimit, Instant now) {
        List<Credential> servers = view.servers();
        states.forEach(this::remember);
        List<Credential> eligible = new ArrayList<>(candidates.size());
        for (Credential c : candidates) {
            if (overLimit.containsKey(subject(c)) || check(c, model, states, now) instanceof Check.Blocked) continue;
            eligible.add(c);
        }
        if (eligible.isEmpty()) {
            return Future.failedFuture(noneEligible(model, servers.size(), candidates, states, overLimit, now));
        }
        var selection = new SelectionStrategy.Selection(view.scope(), servers, eligible, now, store,
                c -> counter(c).get());
        Future<Lease> leased = then(strategy.order(selection), order -> tryInOrder(order, 0, model, states, now));
        if (leased.succeeded()) return leased;
        return leased.recover(e -> e instanceof NoneClaimed
                ? Future.failedFuture(noneEligible(model, servers.size(), candidates, Map.copyOf(seen), overLimit, now))
                : Future.failedFuture(e));
    }

    /** {@code next} of a result that is already there is called at once; otherwise when the result comes. */
    private static <T, U> Future<U> then(Future<T> f, Function<T, Future<U>> next) {
        if (!f.succeeded()) return f.compose(next::apply);
        try {
            return next.apply(f.result());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Leases the first credential in {@code order} that is ready, or whose probe slot this request wins. */
    private Future<Lease> tryInOrder(List<Credential> order, int i, String model, Map<String, CredentialState> states,
                                     Instant now) {
        if (i == order.size()) return Future.failedFuture(new NoneClaimed());
        Credential c = order.get(i);
        String upstream = view(model).upstream(c, model);
        return switch (check(c, model, states, now)) {
            case Check.Ready r -> then(withinLimit(c), ok -> ok ? Future.succeededFuture(lease(c, upstream, false))
                    : tryInOrder(order, i + 1, model, states, now));
            case Check.Blocked b -> tryInOrder(order, i + 1, model, states, now);
            case Check.Probe p -> then(withinLimit(c), ok -> ok ? claimProbe(order, i, model, states, now)
                    : tryInOrder(order, i + 1, model, states, now));
        };
    }

    private Future<Lease> claimProbe(List<Credential> order, int i, String model, Map<String, CredentialState> states,
                                     Instant now) {
        Credential c = order.get(i);
        String upstream = view(model).upstream(c, model);
        return change(c, s -> health.claim(s, upstream, now)).compose(u -> {
            log.breakerMoved(c, u, health.breaker(), now);
            return switch (health.check(u.before(), upstream, now)) {
                case Check.Ready r -> Future.succeededFuture(lease(c, upstream, false));
                case Check.Probe won -> {
                    log.probing(c, upstream);
                    yield Future.succeededFuture(lease(c, upstream, true));
                }
                case Check.Blocked lost -> tryInOrder(order, i + 1, model, states, now);
            };
        });
    }

    /** Counts a request against the credential's requests-per-minute limit, if it has one; whether it was within. */
    private Future<Boolean> withinLimit(Credential c) {
        RateLimit limit = limits.get(c.id());
        return limit == null ? Future.succeededFuture(true) : limiter.take(subject(c), limit);
    }

    private Map<String, RateLimit> limitsOf(List<Credential> candidates) {
        if (limits.isEmpty()) return Map.of();
        Map<String, RateLimit> out = new HashMap<>();
        for (Credential c : candidates) if (limits.containsKey(c.id())) out.put(subject(c), limits.get(c.id()));
        return out;
    }

    /** Tokens an answer used on a lease, counted against the credential's tokens-per-minute limit. */
    void tokensUsed(PooledLease lease, long tokens) {
        RateLimit limit = limits.get(lease.credential().id());
        if (limit != null) limiter.addTokens(subject(lease.credential()), limit, tokens);
    }

    private Lease lease(Credential c, String upstream, boolean probe) {
        counter(c).incrementAndGet();
        return new PooledLease(this, c, upstream, probe);
    }

    void succeeded(PooledLease lease) {
        Instant now = release(lease);
        change(lease.credential(), s -> health.succeeded(s, lease.upstreamModel(), lease.probe(), now))
                .onSuccess(u -> log.succeeded(lease.credential(), lease.upstreamModel(), u, now))
                .onFailure(e -> log.storeFailed(lease.credential(), e));
    }

    void failed(PooledLease lease, UpstreamFailure failure) {
        Instant now = release(lease);
        String message = redact(failure.getMessage());
        change(lease.credential(), s -> health.failed(s, lease.upstreamModel(), failure, message, lease.probe(), now))
                .onSuccess(u -> log.failed(lease.credential(), lease.upstreamModel(), failure, message, u, now))
                .onFailure(e -> log.storeFailed(lease.credential(), e));
    }

    void abandoned(PooledLease lease) {
        Instant now = release(lease);
        if (!lease.probe()) return;
        change(lease.credential(), s -> health.abandoned(s, lease.upstreamModel(), true, now))
                .onSuccess(u -> log.breakerMoved(lease.credential(), u, health.breaker(), now))
                .onFailure(e -> log.storeFailed(lease.credential(), e));
    }

    private Instant release(PooledLease lease) {
        counter(lease.credential()).decrementAndGet();
        return clock.instant();
    }

    @Override
    public int eligibleCount(String model, Set<String> exclude) {
        refresh();
        Instant now = clock.instant();
        return (int) credentials.stream()
                .filter(c -> !c.disabled() && c.upstreamModel(model).isPresent() && !exclude.contains(c.id()))
                .filter(c -> !(check(c, model, seen, now) instanceof Check.Blocked))
                .count();
    }

    @Override
    public List<CredentialStatus> status() {
        refresh();
        Instant now = clock.instant();
        List<CredentialStatus> out = new ArrayList<>(credentials.size());
        for (Credential c : credentials) {
            out.add(PoolStatus.of(c, seen.getOrDefault(key(c), CredentialState.initial()), counter(c).get(),
                    health.breaker(), now));
        }
        return out;
    }

    /** Picks up state written elsewhere; with the in-memory store the read has completed by the time it returns. */
    private void refresh() {
        Future<Map<String, CredentialState>> read = store.read(credentials.stream().map(this::key).toList());
        read.onSuccess(states -> states.forEach(this::remember));
    }

    private UpstreamFailure noneEligible(String model, int servers, List<Credential> candidates,
                                         Map<String, CredentialState> states, Map<String, Instant> overLimit, Instant now) {
        Optional<Instant> first = candidates.stream()
                .<Instant>mapMulti((c, out) -> {
                    Instant limitEnd = overLimit.get(subject(c));
                    if (check(c, model, states, now) instanceof Check.Blocked(Instant until)) {
                        out.accept(limitEnd != null && limitEnd.isAfter(until) ? limitEnd : until);
                    } else if (limitEnd != null) {
                        out.accept(limitEnd);
                    }
                })
                .min(Instant::compareTo);
        Optional<Duration> delay = first.map(t -> Duration.between(now, t));
        String subject = servers == 1 ? "The only credential for model " + model + " is"
                : "All " + servers + " credentials for model " + model + " are";
        String message = subject + (overLimit.isEmpty() ? " cooling down or unavailable"
                : " cooling down, at their configured rate limit or unavailable")
                + delay.map(d -> "; the first is available again in " + Durations.human(d)).orElse("");
        return new UpstreamFailure(FailureClass.NO_CREDENTIAL, ErrorKind.RATE_LIMITED, 0, message, delay, List.of());
    }

    private Check check(Credential c, String model, Map<String, CredentialState> states, Instant now) {
        return health.check(states.getOrDefault(key(c), CredentialState.initial()), view(model).upstream(c, model), now);
    }

    /** Applies a pure change through the store, numbering real changes so that {@link #seen} keeps the newest. */
    private Future<Updated> change(Credential c, UnaryOperator<CredentialState> rule) {
        String key = key(c);
        return store.update(key, s -> {
            CredentialState next = rule.apply(s);
            return next.equals(s) ? s : next.withVersion(s.version() + 1);
        }).onSuccess(u -> remember(key, u.after()));
    }

    private void remember(String key, CredentialState s) {
        seen.merge(key, s, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
    }

    private AtomicInteger counter(Credential c) {
        return inFlight.computeIfAbsent(c.id(), id -> new AtomicInteger());
    }

    private String key(Credential c) {
        String k = keyById.get(c.id());
        return k != null ? k : provider + "/" + c.id();
    }

    /** The model's view, cached for the first {@value #MAX_VIEWS} model names (clients choose names). */
    private ModelView view(String model) {
        ModelView v = views.get(model);
        if (v != null) return v;
        List<Credential> servers = enabled.stream().filter(c -> c.upstreamModel(model).isPresent()).toList();
        Map<String, String> upstream = new HashMap<>();
        for (Credential c : servers) upstream.put(c.id(), c.upstreamModel(model).orElseThrow());
        v = new ModelView(servers, servers.stream().map(this::key).toList(), provider + ":" + model, Map.copyOf(upstream));
        if (views.size() < MAX_VIEWS) views.putIfAbsent(model, v);
        return v;
    }

    private String subject(Credential c) {
        return "credential:" + key(c);
    }

    private String redact(String message) {
        // One line: these end up in logs and on the status page.
        String m = Secrets.redact(message == null ? "" : message, secrets).replaceAll("\\s+", " ").strip();
        return m.length() <= MAX_ERROR_LENGTH ? m : m.substring(0, MAX_ERROR_LENGTH) + "…";
    }

    /** Every eligible credential was lost to concurrent probes between the read and the claim. */
    private static final class NoneClaimed extends RuntimeException {
        NoneClaimed() {
            super(null, null, false, false);
        }
    }

    @Override
    public String toString() {
        return "CredentialPool[" + provider + ", " + credentials.size() + " credentials, " + strategy.name() + "]";
    }
}
