package dev.switchboard;

import dev.switchboard.credential.Credential;
import dev.switchboard.credential.CredentialPool;
import java.time.Clock;
import java.util.List;

/** Builds credential pools with the configured strategy and a shared state store. */
final class Pools {
    private final Clock clock;

    Pools(Clock clock) {
        this.clock = clock;
    }

    CredentialPool create(String provider, List<Credential> credentials, String strategy) {
        throw new UnsupportedOperationException("pending pool integration");
    }

    CredentialPool ephemeral(String provider, List<Credential> credentials) {
        return create(provider, credentials, "round_robin");
    }

    Clock clock() { return clock; }
}
