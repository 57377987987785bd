package dev.switchboard.credential;

import dev.switchboard.model.UpstreamFailure;

/**
 * One use of a credential for one attempt. Counts as in flight until exactly one of the outcome methods
 * is called; later calls are ignored.
 */
public interface Lease {
    Credential credential();

    /** The model name to send upstream (after the credential's own alias mapping). */
    String upstreamModel();

    /**
     * Tokens the attempt used, as the upstream reported them: counted against the credential's tokens-per-minute
     * limit, if it has one. Call before the outcome.
     */
    default void tokensUsed(long tokens) {}

    /** The attempt produced an answer. Closes a half-open breaker, resets failure counts. */
    void succeeded();

    /** The attempt failed: the pool sizes a cooldown or breaker step from it. */
    void failed(UpstreamFailure failure);

    /** The attempt was abandoned with no verdict (a race loser, a client that went away). */
    void abandoned();
}
