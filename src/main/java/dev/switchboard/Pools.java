package dev.switchboard;

import dev.switchboard.config.RateLimitConfig;
import dev.switchboard.config.ClientCertificate;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.StateConfig;
import dev.switchboard.config.TrustAnchors;
import dev.switchboard.credential.Credential;
import dev.switchboard.credential.CredentialPool;
import dev.switchboard.credential.PoolStateStore;
import dev.switchboard.credential.RateLimiter;
import dev.switchboard.credential.SelectionStrategy;
import dev.switchboard.observe.Telemetry;
import dev.switchboard.inbound.ClientLimits;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import dev.switchboard.config.PoolHealthConfig;
import dev.switchboard.resilience.CooldownPolicy;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds credential pools with the configured strategy, one clock, one shared state store and telemetry. */
final class Pools {
    private static final Logger log = LoggerFactory.getLogger(Pools.class);

    private final Clock clock;
    private final PoolStateStore store;
    private final Telemetry telemetry;
    private final RateLimitConfig limits;
    private final PoolHealthConfig health;

    Pools(Clock clock, PoolStateStore store, Telemetry telemetry, RateLimitConfig limits, PoolHealthConfig health) {
        this.clock = clock;
        this.store = store;
        this.telemetry = telemetry;
        this.limits = limits;
        this.health = health;
    }

    /** The store the configuration asks for: in this process, or in Redis shared by every replica. */
    static PoolStateStore stateStore(Vertx vertx, StateConfig state, Clock clock) {
        if (state.store() == StateConfig.Store.MEMORY || state.redisUrl().isEmpty()) return PoolStateStore.inMemory();
        log.info("Pool state is shared through Redis at {} under key prefix '{}'", state.redisUrl().get().masked(),
                state.keyPrefix());
        return PoolStateStore.redis(vertx, state.redisUrl().get(), state.keyPrefix(), state.timeout(),
                state.probeInterval(), redisTrust(state), state.redisClientCertificate().map(c -> keyCert(vertx, c)), clock);
    }

    /**
     * The client certificate as Vert.x options, checked now: a key Vert.x cannot read (not valid PEM, an unknown
     * kind; encrypted ones were decrypted when the configuration loaded) stops start-up naming the settings
     * instead of failing each connection later.
     */
    private static KeyCertOptions keyCert(Vertx vertx, ClientCertificate c) {
        PemKeyCertOptions pem = new PemKeyCertOptions().setCertValue(Buffer.buffer(c.certificatePem()))
                .setKeyValue(Buffer.buffer(c.privateKeyPem()));
        try {
            pem.getKeyManagerFactory(vertx);
        } catch (Exception e) {
            throw new ConfigException(c.where(), "not a usable certificate and private key: " + e.getMessage());
        }
        return pem;
    }

    /** The JDK's authorities plus {@code state.ca_file}'s, when it names any. */
    private static Optional<TrustOptions> redisTrust(StateConfig state) {
        if (state.redisCas().isEmpty()) return Optional.empty();
        return Optional.of(TrustOptions.wrap(TrustAnchors.withExtra(state.redisCas())));
    }

    /** Client-key rate limits, counted in the same store as the pools. */
    ClientLimits clientLimits() {
        if (!limits.clientKeysLimited()) return ClientLimits.none();
        return new ClientLimits(new RateLimiter(store, clock), limits.clientKeys(), limits.otherClientKeys(), clock);
    }

    CredentialPool create(String provider, List<Credential> credentials, String strategy) {
        return CredentialPool.builder(provider, credentials)
                .strategy(SelectionStrategy.named(strategy))
                .store(store)
                .clock(clock)
                .breakerListener(telemetry.breakerListener(provider))
                .cooldownListener(telemetry.cooldownListener(provider))
                .rateLimits(limits.forCredentials(provider, credentials))
                .cooldowns(CooldownPolicy.standard(health.cooldowns()))
                .breaker(health.breaker())
                .build();
    }

    /** A pool for keys a client brought with one request: its own state, forgotten afterwards. */
    CredentialPool ephemeral(String provider, List<Credential> credentials) {
        return CredentialPool.builder(provider, credentials).clock(clock)
                .cooldowns(CooldownPolicy.standard(health.cooldowns())).breaker(health.breaker()).build();
    }
}
