package dev.switchboard.credential;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared store that degrades instead of failing. Every operation goes to the shared store with a short timeout;
 * the first failure switches this replica to an in-memory copy (seeded with the newest states it had seen), logs
 * once, and shows as degraded in {@link #health()}. Meanwhile the shared store is pinged every {@code probeEvery};
 * when it answers, what changed locally is written back (credential states merged stricter-wins, window counts
 * added, shared values set) and the replica uses the shared store again.
 *
 * <p>Counters and time-window cursors are not written back: the shared ones are as good as any after an outage.
 */
final class ResilientPoolStateStore implements PoolStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(PoolStateStore.class);

    /** What this decorator needs of the shared store beyond the operations. */
    interface Shared extends PoolStateStore {
        Future<Void> ping();

        /** Where it is, without secrets. */
        String location();
    }

    private final Shared shared;
    private final Vertx vertx;
    private final long timeoutMillis;
    private final long probeMillis;
    private final Clock clock;
    /** The newest state seen from the shared store per key, to seed the local copy with. */
    private final Map<String, CredentialState> latest = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    // guarded by lock
    private InMemoryPoolStateStore local = new InMemoryPoolStateStore();
    private boolean degraded;
    private boolean closed;
    private Optional<Instant> since = Optional.empty();
    private Optional<String> reason = Optional.empty();
    private long outages;
    private Dirty dirty = new Dirty();
    private long probeTimer = -1;

    ResilientPoolStateStore(Shared shared, Vertx vertx, Duration timeout, Duration probeEvery, Clock clock) {
        this.shared = shared;
        this.vertx = vertx;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.probeMillis = Math.max(1, probeEvery.toMillis());
        this.clock = clock;
    }

    /** What changed locally while degraded, to write back. */
    private static final class Dirty {
        final Set<String> states = new HashSet<>();
        final Map<String, Long> windows = new HashMap<>();
        final Set<String> values = new HashSet<>();

        boolean isEmpty() {
            return states.isEmpty() && windows.isEmpty() && values.isEmpty();
        }

        int size() {
            return states.size() + windows.size() + values.size();
        }
    }

    @Override
    public Future<Long> getAndIncrement(String counter) {
        return call(s -> s.getAndIncrement(counter), d -> {});
    }

    @Override
    public Future<Map<String, CredentialState>> read(List<String> keys) {
        return call(s -> s.read(keys).onSuccess(m -> { if (s == shared) m.forEach(this::remember); }), d -> {});
    }

    @Override
    public Future<Updated> update(String key, UnaryOperator<CredentialState> change) {
        UnaryOperator<CredentialState> rule = guarded(change);
        return unwrap(call(s -> s.update(key, rule).onSuccess(u -> { if (s == shared) remember(key, u.after()); }),
                d -> d.states.add(key)));
    }

    @Override
    public Future<WindowCursor> updateCursor(String key, UnaryOperator<WindowCursor> change) {
        UnaryOperator<WindowCursor> rule = guarded(change);
        return unwrap(call(s -> s.updateCursor(key, rule), d -> {}));
    }

    @Override
    public Future<Long> addToWindow(String counter, long amount, Duration ttl) {
        return call(s -> s.addToWindow(counter, amount, ttl), d -> d.windows.merge(counter, amount, Long::sum));
    }

    @Override
    public Future<Map<String, Long>> readWindows(List<String> counters) {
        return call(s -> s.readWindows(counters), d -> {});
    }

    @Override
    public Future<Optional<String>> value(String key) {
        return call(s -> s.value(key), d -> {});
    }

    @Override
    public Future<Void> putValue(String key, String value, Duration ttl) {
        return call(s -> s.putValue(key, value, ttl), d -> d.values.add(key));
    }

    @Override
    public Future<Void> removeValue(String key) {
        return call(s -> s.removeValue(key), d -> d.values.add(key));
    }

    @Override
    public StoreHealth health() {
        synchronized (lock) {
            return new StoreHealth("redis", shared.location(), degraded, since, reason, outages);
        }
    }

    @Override
    public Future<Void> close() {
        synchronized (lock) {
            closed = true;
            if (probeTimer >= 0) vertx.cancelTimer(probeTimer);
        }
        return shared.close();
    }

    /**
     * Runs {@code op} on the shared store, or on the local copy when degraded or when the shared store fails. Local
     * operations run under the lock (they complete at once), so that write-back sees each of them whole.
     */
    private <T> Future<T> call(Function<PoolStateStore, Future<T>> op, Consumer<Dirty> changes) {
        synchronized (lock) {
            if (degraded) return locally(op, changes);
        }
        return withTimeout(op.apply(shared)).recover(e -> {
            if (e instanceof RuleFailed) return Future.failedFuture(e); // the caller's rule failed, not the store
            degrade(e);
            synchronized (lock) {
                return locally(op, changes);
            }
        });
    }

    private <T> Future<T> locally(Function<PoolStateStore, Future<T>> op, Consumer<Dirty> changes) {
        changes.accept(dirty);
        return op.apply(local);
    }

    private void degrade(Throwable e) {
        String why = describe(e);
        synchronized (lock) {
            if (degraded || closed) return;
            degraded = true;
            since = Optional.of(clock.instant());
            reason = Optional.of(why);
            outages++;
            latest.forEach((key, s) -> local.update(key, mine -> mine.version() >= s.version() ? mine : s));
            scheduleProbe();
        }
        LOG.warn("Shared state store {} failed ({}): this replica goes on with its own in-memory pool state, "
                + "and checks the store every {} ms", shared.location(), why, probeMillis);
    }

    /**
     * Why the store failed, for the log and the status page: the error and, when it only wraps another (a TLS
     * handshake refused for an unknown certificate authority), the root cause's message too.
     */
    static String describe(Throwable e) {
        String why = e instanceof TimeoutException || e.getMessage() == null ? e.toString() : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String rootWhy = root.getMessage();
        return root == e || rootWhy == null || why.contains(rootWhy) ? why : why + ": " + rootWhy;
    }

    /** Must hold the lock. */
    private void scheduleProbe() {
        if (closed) return;
        probeTimer = vertx.setTimer(probeMillis, id -> withTimeout(shared.ping()).compose(v -> reconcile())
                .onFailure(e -> {
                    synchronized (lock) {
                        if (degraded) scheduleProbe();
                    }
                }));
    }

    /**
     * Writes back what changed locally, then switches to the shared store and writes back what changed during the
     * first pass (usually nothing). A failure in the first pass leaves the replica degraded, its changes still pending.
     */
    private Future<Void> reconcile() {
        Dirty first;
        InMemoryPoolStateStore copy;
        synchronized (lock) {
            first = dirty;
            dirty = new Dirty();
            copy = local;
        }
        return writeBack(first, copy).recover(e -> {
            synchronized (lock) {
                first.states.addAll(dirty.states);
                dirty.windows.forEach((k, v) -> first.windows.merge(k, v, Long::sum));
                first.values.addAll(dirty.values);
                dirty = first;
            }
            return Future.failedFuture(e);
        }).compose(v -> {
            Dirty rest;
            Duration outage;
            synchronized (lock) {
                rest = dirty;
                dirty = new Dirty();
                local = new InMemoryPoolStateStore();
                degraded = false;
                outage = Duration.between(since.orElse(clock.instant()), clock.instant());
                reason = Optional.empty();
                since = Optional.empty();
            }
            LOG.info("Shared state store {} is back after {} s; wrote back {} local changes, using it again",
                    shared.location(), outage.toSeconds(), first.size() + rest.size());
            return writeBack(rest, copy).recover(e -> {
                LOG.warn("Could not write back {} changes made during the switch to the shared store: {}", rest.size(), e.toString());
                return Future.succeededFuture();
            });
        });
    }

    private Future<Void> writeBack(Dirty changes, InMemoryPoolStateStore copy) {
        if (changes.isEmpty()) return Future.succeededFuture();
        List<Future<?>> writes = new ArrayList<>();
        for (String key : changes.states) {
            CredentialState mine = copy.read(List.of(key)).result().get(key);
            writes.add(withTimeout(shared.update(key, theirs -> StateMerge.stricter(theirs, mine)))
                    .onSuccess(u -> remember(key, u.after())));
        }
        changes.windows.forEach((name, amount) -> copy.windowTtl(name).ifPresent(ttl ->
                writes.add(withTimeout(shared.addToWindow(name, amount, ttl)))));
        for (String key : changes.values) {
            Optional<Duration> ttl = copy.valueTtl(key);
            Optional<String> v = copy.value(key).result();
            writes.add(withTimeout(v.isPresent() && ttl.isPresent() ? shared.putValue(key, v.get(), ttl.get())
                    : shared.removeValue(key)));
        }
        return Future.all(writes).mapEmpty();
    }

    /** A failure of the caller's change function, told apart from failures of the store. */
    private static final class RuleFailed extends RuntimeException {
        RuleFailed(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private static <T> UnaryOperator<T> guarded(UnaryOperator<T> change) {
        return s -> {
            try {
                return change.apply(s);
            } catch (RuntimeException e) {
                throw new RuleFailed(e);
            }
        };
    }

    private static <T> Future<T> unwrap(Future<T> f) {
        return f.recover(e -> Future.failedFuture(e instanceof RuleFailed ? e.getCause() : e));
    }

    private void remember(String key, CredentialState s) {
        latest.merge(key, s, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
    }

    private <T> Future<T> withTimeout(Future<T> f) {
        if (f.isComplete()) return f;
        Promise<T> p = Promise.promise();
        long timer = vertx.setTimer(timeoutMillis, id -> p.tryFail(new TimeoutException(
                "no answer from " + shared.location() + " within " + timeoutMillis + " ms")));
        f.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) p.tryComplete(ar.result());
            else p.tryFail(ar.cause());
        });
        return p.future();
    }
}
