package dev.switchboard;

import dev.switchboard.credential.Credential;
import dev.switchboard.credential.CredentialPool;
import dev.switchboard.credential.PoolStateStore;
import dev.switchboard.credential.SelectionStrategy;
import java.time.Clock;
import java.util.List;

/** Builds credential pools with the configured strategy, one clock and one shared state store. */
final class Pools {
    private final Clock clock;
    private final PoolStateStore store;

    Pools(Clock clock, PoolStateStore store) {
        this.clock = clock;
        this.store = store;
    }

    CredentialPool create(String provider, List<Credential> credentials, String strategy) {
        return CredentialPool.builder(provider, credentials)
                .strategy(SelectionStrategy.named(strategy))
                .store(store)
                .clock(clock)
                .build();
    }

    /** A pool for keys a client brought with one request: its own state, forgotten afterwards. */
    CredentialPool ephemeral(String provider, List<Credential> credentials) {
        return CredentialPool.builder(provider, credentials).clock(clock).build();
    }
}
