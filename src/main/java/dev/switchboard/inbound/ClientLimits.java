package dev.switchboard.inbound;

import dev.switchboard.credential.PoolStateStore;
import dev.switchboard.credential.RateLimit;
import dev.switchboard.credential.RateLimiter;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Requests and tokens per minute per client key, counted in the pool-state store (across replicas when it is
 * shared). A key over its limit gets a 429 in its own format with {@code Retry-After}; tokens are counted when an
 * answer reports them and checked before the next request. Keys are counted by a hash, never stored.
 */
public final class ClientLimits {
    private static final ClientLimits NONE = new ClientLimits(new RateLimiter(PoolStateStore.inMemory(), Clock.systemUTC()),
            Map.of(), RateLimit.NONE, Clock.systemUTC());

    private final RateLimiter limiter;
    private final Map<String, RateLimit> byKey;
    private final RateLimit others;
    private final Clock clock;

    /**
     * @param byKey  limits by client key
     * @param others the limit of every other client key ({@link RateLimit#NONE}: none)
     */
    public ClientLimits(RateLimiter limiter, Map<String, RateLimit> byKey, RateLimit others, Clock clock) {
        this.limiter = limiter;
        this.byKey = Map.copyOf(byKey);
        this.others = others;
        this.clock = clock;
    }

    public static ClientLimits none() {
        return NONE;
    }

    /** A 429 for a client key over its limit. */
    public static final class Exceeded extends GatewayException {
        private final Duration retryAfter;

        Exceeded(String message, Duration retryAfter) {
            super(ErrorKind.RATE_LIMITED, message, Optional.empty(), Optional.of("rate_limit_exceeded"));
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() { return retryAfter; }
    }

    /** Counts a request of {@code clientKey}; fails with {@link Exceeded} when the key is over its limit. */
    Future<Void> admit(Optional<String> clientKey) {
        if (clientKey.isEmpty()) return Future.succeededFuture();
        RateLimit limit = limitOf(clientKey.get());
        if (!limit.limited()) return Future.succeededFuture();
        return limiter.admit(subject(clientKey.get()), limit).compose(until -> until.isEmpty() ? Future.succeededFuture()
                : Future.failedFuture(exceeded(limit, until.get())));
    }

    void tokensUsed(Optional<String> clientKey, long tokens) {
        if (clientKey.isEmpty()) return;
        RateLimit limit = limitOf(clientKey.get());
        if (limit.tokensPerMinute() > 0) limiter.addTokens(subject(clientKey.get()), limit, tokens);
    }

    private RateLimit limitOf(String key) {
        return byKey.getOrDefault(key, others);
    }

    private Exceeded exceeded(RateLimit limit, Instant until) {
        long millis = Math.max(0, Duration.between(clock.instant(), until).toMillis());
        Duration wait = Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
        List<String> parts = new ArrayList<>(2);
        if (limit.requestsPerMinute() > 0) parts.add(limit.requestsPerMinute() + " requests");
        if (limit.tokensPerMinute() > 0) parts.add(limit.tokensPerMinute() + " tokens");
        return new Exceeded("This API key has reached its rate limit (" + String.join(", ", parts)
                + " per minute); try again in " + wait.toSeconds() + " s.", wait);
    }

    /** A client key's name in the store: a hash, so that the key itself is never written there. */
    static String subject(String clientKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(clientKey.getBytes(StandardCharsets.UTF_8));
            return "client:" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
