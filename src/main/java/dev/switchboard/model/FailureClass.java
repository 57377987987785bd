package dev.switchboard.model;

/** What an upstream failure says about the credential and about retrying elsewhere. */
public enum FailureClass {
    /** 429 with a short (per-minute) quota or no hint: cool down briefly. */
    RATE_LIMITED(true),
    /** 429 on a daily quota: cool down until the daily reset, with periodic probes. */
    QUOTA_EXHAUSTED(true),
    /** 401/403, or 400 saying the key is invalid: take the key out of rotation. */
    INVALID_CREDENTIAL(true),
    /** 5xx from the upstream. */
    SERVER_ERROR(true),
    /** Connect/read timeout or a stalled stream. */
    TIMEOUT(true),
    /** Refused or reset connection, TLS or proxy failure. */
    CONNECTION(true),
    /** A 200 answer with no content and no block reason. */
    EMPTY_ANSWER(true),
    /** The client's request is wrong (400, 404 for the model, 413): same answer everywhere. */
    CLIENT_ERROR(false),
    /** The pool had no eligible credential (all cooling, open or excluded; none serves the model). */
    NO_CREDENTIAL(false);

    private final boolean retryable;

    FailureClass(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether another credential may succeed where this one failed. */
    public boolean retryable() { return retryable; }
}
