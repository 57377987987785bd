package dev.switchboard.credential;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

final class InMemoryPoolStateStore implements PoolStateStore {
    private static final int SWEEP_EVERY = 1024;

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, CredentialState> states = new ConcurrentHashMap<>();
    private final Map<String, WindowCursor> cursors = new ConcurrentHashMap<>();
    private final Map<String, Expiring<Long>> windows = new ConcurrentHashMap<>();
    private final Map<String, Expiring<String>> values = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();
    private final LongSupplier nanoTime;

    InMemoryPoolStateStore() {
        this(System::nanoTime);
    }

    InMemoryPoolStateStore(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** A value and the {@link System#nanoTime()} at which it is dropped; {@link Long#MAX_VALUE}: never. */
    private record Expiring<T>(T value, long deadline) {
        boolean expired(long now) {
            return deadline != Long.MAX_VALUE && now - deadline >= 0;
        }
    }

    @Override
    public Future<Long> getAndIncrement(String counter) {
        return Future.succeededFuture(counters.computeIfAbsent(counter, k -> new AtomicLong()).getAndIncrement());
    }

    @Override
    public Future<Map<String, CredentialState>> read(List<String> keys) {
        Map<String, CredentialState> out = new HashMap<>();
        for (String key : keys) out.put(key, states.getOrDefault(key, CredentialState.initial()));
        return Future.succeededFuture(out);
    }

    @Override
    public Future<Updated> update(String key, UnaryOperator<CredentialState> change) {
        CredentialState[] before = new CredentialState[1];
        try {
            CredentialState after = states.compute(key, (k, current) -> {
                before[0] = current == null ? CredentialState.initial() : current;
                return change.apply(before[0]);
            });
            return Future.succeededFuture(new Updated(before[0], after));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<WindowCursor> updateCursor(String key, UnaryOperator<WindowCursor> change) {
        try {
            return Future.succeededFuture(cursors.compute(key, (k, c) -> change.apply(c == null ? WindowCursor.NONE : c)));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<Long> addToWindow(String counter, long amount, Duration ttl) {
        long now = nanoTime.getAsLong();
        Expiring<Long> w = windows.compute(counter, (k, old) -> old == null || old.expired(now)
                ? new Expiring<>(amount, deadline(now, ttl))
                : new Expiring<>(old.value() + amount, old.deadline()));
        sweepNowAndThen(now);
        return Future.succeededFuture(w.value());
    }

    @Override
    public Future<Map<String, Long>> readWindows(List<String> names) {
        long now = nanoTime.getAsLong();
        Map<String, Long> out = new HashMap<>();
        for (String name : names) {
            Expiring<Long> w = windows.get(name);
            out.put(name, w == null || w.expired(now) ? 0L : w.value());
        }
        return Future.succeededFuture(out);
    }

    @Override
    public Future<Optional<String>> value(String key) {
        Expiring<String> v = values.get(key);
        return Future.succeededFuture(v == null || v.expired(nanoTime.getAsLong()) ? Optional.empty() : Optional.of(v.value()));
    }

    @Override
    public Future<Void> putValue(String key, String value, Duration ttl) {
        long now = nanoTime.getAsLong();
        values.put(key, new Expiring<>(value, deadline(now, ttl)));
        sweepNowAndThen(now);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> removeValue(String key) {
        values.remove(key);
        return Future.succeededFuture();
    }

    /** The remaining time to live of a window counter, if it has not expired: for writing it back elsewhere. */
    Optional<Duration> windowTtl(String counter) {
        long now = nanoTime.getAsLong();
        Expiring<Long> w = windows.get(counter);
        if (w == null || w.expired(now)) return Optional.empty();
        return Optional.of(w.deadline() == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(w.deadline() - now));
    }

    /** The remaining time to live of a shared value ({@link Duration#ZERO}: none), if it is set. */
    Optional<Duration> valueTtl(String key) {
        long now = nanoTime.getAsLong();
        Expiring<String> v = values.get(key);
        if (v == null || v.expired(now)) return Optional.empty();
        return Optional.of(v.deadline() == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(v.deadline() - now));
    }

    private static long deadline(long now, Duration ttl) {
        return ttl.isZero() || ttl.isNegative() ? Long.MAX_VALUE : now + ttl.toNanos();
    }

    /** Expired windows and values go every so many writes, so that memory stays bounded without a timer. */
    private void sweepNowAndThen(long now) {
        if (writes.incrementAndGet() % SWEEP_EVERY != 0) return;
        windows.values().removeIf(w -> w.expired(now));
        values.values().removeIf(v -> v.expired(now));
    }
}
