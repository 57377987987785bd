package dev.switchboard.credential;

import io.vertx.core.Future;
import java.util.List;
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
     * naming when the first one comes back if all are cooling, NOT_FOUND if none serves the model.
     */
    Future<Lease> acquire(String model, Set<String> exclude);

    /** How many credentials could serve {@code model} right now (for race sizing). */
    int eligibleCount(String model, Set<String> exclude);

    /** Health of every credential, for the status page. No secrets. */
    List<CredentialStatus> status();
}
