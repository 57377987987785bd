package dev.switchboard.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.credential.CredentialState.ModelHold;
import dev.switchboard.testing.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Falling back to local state when the shared store fails, and writing back when it returns (no Redis needed). */
class ResilientPoolStateStoreTest {
    static final String FLASH = "gemini-2.5-flash";

    final Vertx vertx = Vertx.vertx();
    final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    final FlakyStore shared = new FlakyStore();
    final ResilientPoolStateStore store = new ResilientPoolStateStore(shared, vertx, Duration.ofMillis(100),
            Duration.ofMillis(20), clock);

    @AfterEach
    void close() {
        await(store.close());
        await(vertx.close());
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static UnaryOperator<CredentialState> coolDown(Instant until) {
        return s -> s.withHold(FLASH, new ModelHold(until, Optional.empty(), until, "rate limited")).withVersion(s.version() + 1);
    }

    static UnaryOperator<CredentialState> success() {
        return s -> s.withOutcome(0, s.successes() + 1, s.failures(), s.lastError()).withVersion(s.version() + 1);
    }

    @Test
    void whileTheSharedStoreWorksEverythingGoesThroughIt() {
        await(store.update("k1", success()));
        await(store.getAndIncrement("rr"));

        assertThat(await(shared.read(List.of("k1"))).get("k1").successes()).isEqualTo(1);
        assertThat(store.health().degraded()).isFalse();
        assertThat(store.health().kind()).isEqualTo("redis");
    }

    @Test
    void aFailingStoreIsReplacedByLocalStateSeededWithWhatWasSeen() {
        await(store.update("k1", success()));
        shared.mode = Mode.DOWN;

        CredentialState s = await(store.read(List.of("k1", "k2"))).get("k1");

        assertThat(s.successes()).isEqualTo(1);
        StoreHealth h = store.health();
        assertThat(h.degraded()).isTrue();
        assertThat(h.since()).contains(clock.instant());
        assertThat(h.reason()).contains("connection refused");
        assertThat(h.outages()).isEqualTo(1);

        int callsWhenDown = shared.calls.get();
        await(store.update("k1", success()));
        await(store.getAndIncrement("rr"));
        assertThat(shared.calls.get()).as("no operation waits on the failed store").isEqualTo(callsWhenDown);
    }

    @Test
    void aFailingChangeFailsItsCallerAndIsNoReasonToDegrade() {
        Future<PoolStateStore.Updated> f = store.update("k1", s -> { throw new IllegalStateException("boom"); });

        assertThat(f.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class).withMessageContaining("boom");
        assertThat(store.health().degraded()).isFalse();
    }

    @Test
    void aStoreThatDoesNotAnswerTimesOut() {
        shared.mode = Mode.HANG;

        long start = System.nanoTime();
        assertThat(await(store.getAndIncrement("rr"))).isZero();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        assertThat(store.health().degraded()).isTrue();
        assertThat(store.health().reason().orElseThrow()).contains("within 100 ms");
    }

    @Test
    void whenTheStoreReturnsLocalChangesAreWrittenBackStricterWins() {
        Instant later = clock.instant().plusSeconds(60);
        await(store.update("k1", success()));
        shared.mode = Mode.DOWN;
        await(store.update("k1", coolDown(later)));
        await(store.addToWindow("rl:k1:requests:1", 3, Duration.ofMinutes(2)));
        await(store.putValue("session:k1", "local-session", Duration.ofMinutes(5)));
        // meanwhile another replica changed the shared copy
        await(shared.backing.update("k1", s -> s.withOutcome(0, 7, 0, s.lastError()).withVersion(s.version() + 1)));
        await(shared.backing.addToWindow("rl:k1:requests:1", 2, Duration.ofMinutes(2)));

        shared.mode = Mode.UP;
        eventually(() -> !store.health().degraded());

        CredentialState merged = await(shared.backing.read(List.of("k1"))).get("k1");
        assertThat(merged.hold(FLASH).orElseThrow().until()).isEqualTo(later);
        assertThat(merged.successes()).isEqualTo(7);
        assertThat(merged.version()).isGreaterThan(2);
        assertThat(await(shared.backing.readWindows(List.of("rl:k1:requests:1")))).containsEntry("rl:k1:requests:1", 5L);
        assertThat(await(shared.backing.value("session:k1"))).contains("local-session");
        assertThat(store.health().since()).isEmpty();

        await(store.update("k1", success()));
        assertThat(await(shared.backing.read(List.of("k1"))).get("k1").successes()).isEqualTo(8);
    }

    @Test
    void anotherOutageAfterRecoveryStartsFromTheSharedState() {
        shared.mode = Mode.DOWN;
        await(store.update("k1", success()));
        shared.mode = Mode.UP;
        eventually(() -> !store.health().degraded());
        await(shared.backing.update("k1", s -> s.withOutcome(0, 40, 0, s.lastError()).withVersion(s.version() + 5)));
        await(store.read(List.of("k1")));

        shared.mode = Mode.DOWN;
        assertThat(await(store.read(List.of("k1"))).get("k1").successes()).isEqualTo(40);
        assertThat(store.health().outages()).isEqualTo(2);
    }

    enum Mode { UP, DOWN, HANG }

    /** An in-memory store that can refuse or ignore every call, as an unreachable Redis would. */
    static final class FlakyStore implements ResilientPoolStateStore.Shared {
        final InMemoryPoolStateStore backing = new InMemoryPoolStateStore();
        final AtomicInteger calls = new AtomicInteger();
        volatile Mode mode = Mode.UP;

        private <T> Future<T> call(Supplier<Future<T>> op) {
            calls.incrementAndGet();
            return switch (mode) {
                case UP -> op.get();
                case DOWN -> Future.failedFuture(new java.net.ConnectException("connection refused"));
                case HANG -> Promise.<T>promise().future();
            };
        }

        @Override public Future<Void> ping() { return call(Future::succeededFuture); }
        @Override public String location() { return "redis://fake:6379/0"; }
        @Override public Future<Long> getAndIncrement(String c) { return call(() -> backing.getAndIncrement(c)); }
        @Override public Future<Map<String, CredentialState>> read(List<String> k) { return call(() -> backing.read(k)); }
        @Override public Future<Updated> update(String k, UnaryOperator<CredentialState> f) { return call(() -> backing.update(k, f)); }
        @Override public Future<WindowCursor> updateCursor(String k, UnaryOperator<WindowCursor> f) { return call(() -> backing.updateCursor(k, f)); }
        @Override public Future<Long> addToWindow(String c, long a, Duration t) { return call(() -> backing.addToWindow(c, a, t)); }
        @Override public Future<Map<String, Long>> readWindows(List<String> c) { return call(() -> backing.readWindows(c)); }
        @Override public Future<Optional<String>> value(String k) { return call(() -> backing.value(k)); }
        @Override public Future<Void> putValue(String k, String v, Duration t) { return call(() -> backing.putValue(k, v, t)); }
        @Override public Future<Void> removeValue(String k) { return call(() -> backing.removeValue(k)); }
    }
}
