package dev.switchboard.credential;

import static dev.switchboard.credential.SelectionStrategyTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
}
