package dev.switchboard.credential;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Requests and tokens per minute per subject (a credential, a client key), counted in fixed one-minute windows of
 * the given clock in a {@link PoolStateStore}, so that every replica sharing the store sees the same counts.
 * Requests are counted when they are let through, tokens when the answer reports them: a request is refused once
 * the minute's requests or tokens have reached the limit. Refused attempts may be counted too; they only refuse
 * what would have been refused anyway, within the same minute.
 */
public final class RateLimiter {
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Counters outlive their minute a little, in case replicas' clocks differ. */
    private static final Duration KEEP = WINDOW.multipliedBy(2);

    private final PoolStateStore store;
    private final Clock clock;

    public RateLimiter(PoolStateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Counts one request of {@code subject}: empty if within its limits, else when the minute turns (retry then). */
    public Future<Optional<Instant>> admit(String subject, RateLimit limit) {
        Instant now = clock.instant();
        if (!limit.limited()) return Future.succeededFuture(Optional.empty());
        Future<Boolean> requests = take(subject, limit, now);
        Future<Long> tokens = limit.tokensPerMinute() == 0 ? Future.succeededFuture(0L)
                : store.readWindows(List.of(tokenKey(subject, now))).map(m -> m.getOrDefault(tokenKey(subject, now), 0L));
        return Future.all(requests, tokens).map(v -> {
            boolean over = !requests.result() || limit.tokensPerMinute() > 0 && tokens.result() >= limit.tokensPerMinute();
            return over ? Optional.of(windowEnd(now)) : Optional.<Instant>empty();
        });
    }

    /** The subjects whose minute is already full, each with when it turns. Counts nothing. */
    public Future<Map<String, Instant>> exhausted(Map<String, RateLimit> limits) {
        Instant now = clock.instant();
        List<String> names = new ArrayList<>();
        limits.forEach((subject, limit) -> {
            if (limit.requestsPerMinute() > 0) names.add(requestKey(subject, now));
            if (limit.tokensPerMinute() > 0) names.add(tokenKey(subject, now));
        });
        if (names.isEmpty()) return Future.succeededFuture(Map.of());
        return store.readWindows(names).map(counts -> {
            Map<String, Instant> out = new HashMap<>();
            limits.forEach((subject, limit) -> {
                long requests = counts.getOrDefault(requestKey(subject, now), 0L);
                long tokens = counts.getOrDefault(tokenKey(subject, now), 0L);
                if (limit.requestsPerMinute() > 0 && requests >= limit.requestsPerMinute()
                        || limit.tokensPerMinute() > 0 && tokens >= limit.tokensPerMinute()) {
                    out.put(subject, windowEnd(now));
                }
            });
            return out;
        });
    }

    /** Counts one request against the requests-per-minute limit only; whether it was within. */
    public Future<Boolean> take(String subject, RateLimit limit) {
        return take(subject, limit, clock.instant());
    }

    private Future<Boolean> take(String subject, RateLimit limit, Instant now) {
        if (limit.requestsPerMinute() == 0) return Future.succeededFuture(true);
        return store.addToWindow(requestKey(subject, now), 1, KEEP).map(n -> n <= limit.requestsPerMinute());
    }

    /** Counts tokens an answer used. Fire and forget: a lost count only lets a little more through. */
    public void addTokens(String subject, RateLimit limit, long tokens) {
        if (limit.tokensPerMinute() == 0 || tokens <= 0) return;
        store.addToWindow(tokenKey(subject, clock.instant()), tokens, KEEP);
    }

    static Instant windowEnd(Instant now) {
        long minute = Math.floorDiv(now.getEpochSecond(), WINDOW.toSeconds());
        return Instant.ofEpochSecond((minute + 1) * WINDOW.toSeconds());
    }

    private static String requestKey(String subject, Instant now) {
        return "rl:" + subject + ":requests:" + minute(now);
    }

    private static String tokenKey(String subject, Instant now) {
        return "rl:" + subject + ":tokens:" + minute(now);
    }

    private static long minute(Instant now) {
        return Math.floorDiv(now.getEpochSecond(), WINDOW.toSeconds());
    }
}
