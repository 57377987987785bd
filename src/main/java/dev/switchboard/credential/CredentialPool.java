package dev.switchboard.credential;

import dev.switchboard.resilience.BreakerSettings;
import dev.switchboard.resilience.CircuitBreaker;
import dev.switchboard.resilience.CooldownPolicy;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The credentials of one provider and their health. {@link #acquire} picks by the pool's strategy among
 * credentials that serve the model, are enabled, not cooling down for it, not invalid, and whose breaker
 * admits a request. Asynchronous so that the state can live in a shared store.
 */
public interface CredentialPool {
    String provider();

    List<Credential> credentials();

    /**
     * A lease on a healthy credential that serves {@code model} and is not in {@code exclude} (ids).
     * Fails with an {@link dev.switchboard.model.UpstreamFailure} when none is eligible: RATE_LIMITED (429)
     * naming when the first one comes back if all are cooling, NOT_FOUND if none serves the model,
     * UNAVAILABLE if the pool has no enabled credential.
     */
    Future<Lease> acquire(String model, Set<String> exclude);

    /**
     * How many credentials could serve {@code model} right now (for race sizing). From the state this pool last
     * saw: exact with the in-memory store, possibly a moment old with a shared one.
     */
    int eligibleCount(String model, Set<String> exclude);

    /** Health of every credential, for the status page. No secrets. Same freshness as {@link #eligibleCount}. */
    List<CredentialStatus> status();

    /**
     * Told when a credential stops serving a model for a while, by masked id: {@code kind} is {@code cooldown},
     * {@code daily_quota} or {@code invalid}; {@code until} is when it is tried again.
     */
    @FunctionalInterface
    interface CooldownListener {
        void onCooldown(String credential, String model, String kind, Instant until);

        static CooldownListener none() {
            return (credential, model, kind, until) -> {};
        }
    }

    /** A pool with the defaults: round-robin, in-memory state, standard cooldowns and breaker, system clock. */
    static Builder builder(String provider, List<Credential> credentials) {
        return new Builder(provider, credentials);
    }

    final class Builder {
        private final String provider;
        private final List<Credential> credentials;
        private SelectionStrategy strategy = SelectionStrategy.roundRobin();
        private PoolStateStore store = PoolStateStore.inMemory();
        private CooldownPolicy cooldowns = CooldownPolicy.standard();
        private BreakerSettings breaker = BreakerSettings.defaults();
        private Clock clock = Clock.systemUTC();
        private CircuitBreaker.Listener breakerListener = CircuitBreaker.Listener.none();
        private CooldownListener cooldownListener = CooldownListener.none();
        private Map<String, RateLimit> rateLimits = Map.of();

        private Builder(String provider, List<Credential> credentials) {
            this.provider = provider;
            this.credentials = List.copyOf(credentials);
        }

        public Builder strategy(SelectionStrategy s) { this.strategy = s; return this; }

        /** Shared by every pool that should see the same state; keys are prefixed with the provider. */
        public Builder store(PoolStateStore s) { this.store = s; return this; }

        public Builder cooldowns(CooldownPolicy p) { this.cooldowns = p; return this; }

        public Builder breaker(BreakerSettings b) { this.breaker = b; return this; }

        public Builder clock(Clock c) { this.clock = c; return this; }

        /** Told of each credential's circuit transitions, by masked id. */
        public Builder breakerListener(CircuitBreaker.Listener l) { this.breakerListener = l; return this; }

        public Builder cooldownListener(CooldownListener l) { this.cooldownListener = l; return this; }

        /**
         * Requests and tokens per minute by credential id, counted in the pool's store: across replicas when it is
         * shared. A credential at its limit is not eligible until the minute turns.
         */
        public Builder rateLimits(Map<String, RateLimit> byCredentialId) { this.rateLimits = Map.copyOf(byCredentialId); return this; }

        public CredentialPool build() {
            return new DefaultCredentialPool(provider, credentials, strategy, store, cooldowns, breaker, clock,
                    breakerListener, cooldownListener, rateLimits);
        }
    }
}
