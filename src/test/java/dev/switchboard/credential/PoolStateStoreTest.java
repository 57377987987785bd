package dev.switchboard.credential;

import static dev.switchboard.credential.SelectionStrategyTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PoolStateStoreTest {
    private final PoolStateStore store = PoolStateStore.inMemory();

    @Test
    void countersIncrementExactlyOncePerCallUnderContention() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                jobs.add(pool.submit(() -> { for (int i = 0; i < 2500; i++) seen.add(await(store.getAndIncrement("rr"))); }));
            }
            for (Future<?> j : jobs) j.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(10_000);
        assertThat(await(store.getAndIncrement("rr"))).isEqualTo(10_000L);
        assertThat(await(store.getAndIncrement("other"))).isZero();
    }

    @Test
    void unknownKeysReadAsInitialAndUpdatesReturnBeforeAndAfter() {
        assertThat(await(store.read(List.of("x"))).get("x")).isEqualTo(CredentialState.initial());

        var u = await(store.update("x", s -> s.withOutcome(0, s.successes() + 1, 0, s.lastError())));

        assertThat(u.before()).isEqualTo(CredentialState.initial());
        assertThat(u.after().successes()).isEqualTo(1);
        assertThat(await(store.read(List.of("x"))).get("x").successes()).isEqualTo(1);
    }

    @Test
    void aFailingChangeFailsTheFutureAndKeepsTheState() {
        var f = store.update("x", s -> { throw new IllegalStateException("boom"); });

        assertThat(f.failed()).isTrue();
        assertThat(await(store.read(List.of("x"))).get("x")).isEqualTo(CredentialState.initial());
        assertThat(await(store.updateCursor("w", c -> c))).isEqualTo(WindowCursor.NONE);
    }

    @Test
    void windowsAddUpUntilTheirTimeToLiveEnds() {
        AtomicLong nanos = new AtomicLong();
        InMemoryPoolStateStore s = new InMemoryPoolStateStore(nanos::get);

        assertThat(await(s.addToWindow("w", 3, Duration.ofSeconds(60)))).isEqualTo(3);
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(await(s.addToWindow("w", 4, Duration.ofSeconds(60)))).isEqualTo(7);
        assertThat(await(s.readWindows(List.of("w", "none")))).containsEntry("w", 7L).containsEntry("none", 0L);
        assertThat(s.windowTtl("w")).contains(Duration.ofSeconds(1));

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(await(s.readWindows(List.of("w")))).containsEntry("w", 0L);
        assertThat(await(s.addToWindow("w", 1, Duration.ofSeconds(60)))).isEqualTo(1);
    }

    @Test
    void sharedValuesExpireAndCanBeRemoved() {
        AtomicLong nanos = new AtomicLong();
        InMemoryPoolStateStore s = new InMemoryPoolStateStore(nanos::get);

        await(s.putValue("session", "abc", Duration.ofMinutes(10)));
        await(s.putValue("forever", "x", Duration.ZERO));
        assertThat(await(s.value("session"))).contains("abc");
        assertThat(await(s.value("missing"))).isEmpty();

        nanos.addAndGet(Duration.ofMinutes(10).toNanos());
        assertThat(await(s.value("session"))).isEmpty();
        assertThat(await(s.value("forever"))).contains("x");
        assertThat(s.valueTtl("forever")).contains(Duration.ZERO);

        await(s.removeValue("forever"));
        assertThat(await(s.value("forever"))).isEqualTo(Optional.empty());
    }
}
