package dev.switchboard.credential;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where pools keep what must be shared between requests (and, with a shared implementation, between gateway
 * instances): counters for round-robin cursors, each credential's {@link CredentialState}, and time-window cursors.
 *
 * <p>Deliberately dumb: values and atomic operations only. Every rule is a pure function the pool passes in, so an
 * implementation on Redis needs just INCR, MGET and an optimistic read-modify-write (WATCH/MULTI, or a Lua
 * compare-and-set on {@link CredentialState#version()}) that may run a change more than once on conflict.
 * Keys are opaque strings chosen by the pool.
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

    record Updated(CredentialState before, CredentialState after) {}

    /** State in this process only: for a single gateway instance. Operations complete before they return. */
    static PoolStateStore inMemory() {
        return new InMemoryPoolStateStore();
    }
}
