package dev.switchboard.credential;

/**
 * Requests and tokens per minute allowed to one subject (a credential or a client key) across every replica;
 * 0 means no limit of that kind.
 */
public record RateLimit(long requestsPerMinute, long tokensPerMinute) {
    public static final RateLimit NONE = new RateLimit(0, 0);

    public RateLimit {
        if (requestsPerMinute < 0 || tokensPerMinute < 0) throw new IllegalArgumentException("rate limits must not be negative");
    }

    public boolean limited() {
        return requestsPerMinute > 0 || tokensPerMinute > 0;
    }
}
