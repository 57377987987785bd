package dev.switchboard.credential;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where pools keep what must be shared between requests (and, with a shared implementation, between gateway
 * instances): counters for round-robin cursors, each credential's {@link CredentialState}, and time-window cursors.
 *
 * <p>Deliberately dumb: values and atomic operations only. Every rule is a pure function the pool passes in, so an
 * implementation on Redis needs just INCR, MGET and an optimistic read-modify-write (WATCH/MULTI, or a Lua
 * compare-and-set on {@link CredentialState#version()}) that may run a change more than once on conflict.
 * Keys are opaque strings chosen by the pool.
 *
 * <p>Besides pool state it keeps rate-limit windows and small shared values with a time to live (OnDemand session
 * ids). Times to live are real time: they bound storage, while the rules judge expiry by their own clock.
 */
public interface PoolStateStore {

    /** Adds one to a counter (starting at 0) and returns the value before: exactly one increment per call. */
    Future<Long> getAndIncrement(String counter);

    /** The state of each key; {@link CredentialState#initial()} for keys never written. */
    Future<Map<String, CredentialState>> read(List<String> keys);

    /**
     * Atomically replaces a credential's state by {@code change} applied to it. {@code change} must be pure:
     * a shared store may apply it again after a conflicting write. Returns the state it was applied to and the result.
     */
    Future<Updated> update(String key, UnaryOperator<CredentialState> change);

    /** Atomically replaces a time-window cursor ({@link WindowCursor#NONE} at first); returns the new one. Same rules. */
    Future<WindowCursor> updateCursor(String key, UnaryOperator<WindowCursor> change);

    /**
     * Adds {@code amount} to a window counter, which is dropped {@code ttl} after its first add; returns the new
     * total. Callers name one counter per window (e.g. with the minute in the name), so a window is never reset early.
     */
    Future<Long> addToWindow(String counter, long amount, Duration ttl);

    /** The totals of window counters; 0 for those never added to or already dropped. */
    Future<Map<String, Long>> readWindows(List<String> counters);

    /** A shared value, if set and not expired. */
    Future<Optional<String>> value(String key);

    /** Sets a shared value that expires {@code ttl} from now ({@link Duration#ZERO}: never). The last writer wins. */
    Future<Void> putValue(String key, String value, Duration ttl);

    Future<Void> removeValue(String key);

    /** Whether the store is shared and reachable, for the status page and metrics. */
    default StoreHealth health() {
        return StoreHealth.IN_PROCESS;
    }

    /** Releases connections and timers. */
    default Future<Void> close() {
        return Future.succeededFuture();
    }

    record Updated(CredentialState before, CredentialState after) {}

    /** State in this process only: for a single gateway instance. Operations complete before they return. */
    static PoolStateStore inMemory() {
        return new InMemoryPoolStateStore();
    }

    /**
     * State in Redis, shared by every replica that uses the same URL and key prefix. Each operation waits at most
     * {@code timeout}; when Redis fails or is slower, this replica goes on with its own in-memory state (logged once,
     * shown by {@link #health()}), checks Redis every {@code probeEvery}, and on its return writes back what changed
     * meanwhile before using Redis again. Requests never fail because Redis is down. {@code trust}, when given,
     * replaces the JDK's authorities for a {@code rediss://} URL, and {@code clientCertificate} is presented when
     * Redis asks for one.
     */
    static PoolStateStore redis(Vertx vertx, RedisUrl url, String keyPrefix, Duration timeout, Duration probeEvery,
                                Optional<TrustOptions> trust, Optional<KeyCertOptions> clientCertificate,
                                Clock clock) {
        RedisPoolStateStore redis = RedisPoolStateStore.connect(vertx, url, keyPrefix, timeout, trust, clientCertificate);
        return new ResilientPoolStateStore(redis, vertx, timeout, probeEvery, clock);
    }
}
