package dev.switchboard.credential;

import java.time.Instant;
import java.util.Optional;

/**
 * How the pool-state store is doing, for the status page and metrics.
 *
 * @param kind      {@code memory} or {@code redis}
 * @param location  where the state lives, without secrets ({@code in process}, or a masked Redis URL)
 * @param degraded  a shared store is unreachable and this replica runs on its own in-memory state
 * @param since     when it became degraded
 * @param reason    why, as the last failure said it
 * @param outages   how many times it has become degraded since start
 */
public record StoreHealth(String kind, String location, boolean degraded, Optional<Instant> since,
                          Optional<String> reason, long outages) {
    public static final StoreHealth IN_PROCESS = new StoreHealth("memory", "in process", false, Optional.empty(),
            Optional.empty(), 0);
}
