package dev.switchboard;

import dev.switchboard.credential.Credential;
import dev.switchboard.credential.CredentialPool;
import dev.switchboard.credential.PoolStateStore;
import dev.switchboard.credential.SelectionStrategy;
import dev.switchboard.observe.Telemetry;
import java.time.Clock;
import java.util.List;

/** Builds credential pools with the configured strategy, one clock, one shared state store and telemetry. */
final class Pools {
    private final Clock clock;
    private final PoolStateStore store;
    private final Telemetry telemetry;

    Pools(Clock clock, PoolStateStore store, Telemetry telemetry) {
        this.clock = clock;
        this.store = store;
        this.telemetry = telemetry;
    }

    CredentialPool create(String provider, List<Credential> credentials, String strategy) {
        return CredentialPool.builder(provider, credentials)
                .strategy(SelectionStrategy.named(strategy))
                .store(store)
                .clock(clock)
                .breakerListener(telemetry.breakerListener(provider))
                .cooldownListener(telemetry.cooldownListener(provider))
                .build();
    }

    /** A pool for keys a client brought with one request: its own state, forgotten afterwards. */
    CredentialPool ephemeral(String provider, List<Credential> credentials) {
        return CredentialPool.builder(provider, credentials).clock(clock).build();
    }
}
