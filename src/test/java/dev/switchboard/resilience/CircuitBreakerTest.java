package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.resilience.BreakerState.Phase;
import dev.switchboard.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final MutableClock clock = MutableClock.at("2025-06-26T20:30:00Z");
    private final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
    private final CircuitBreaker breaker = CircuitBreaker.create("k1", BreakerSettings.defaults(), clock,
            (name, from, to, at) -> transitions.add(name + " " + from + "->" + to));

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onFailure();
        }
    }

    private void open() {
        fail(5);
        assertThat(breaker.phase()).isEqualTo(Phase.OPEN);
    }

    @Test
    void opensAfterFiveFailuresInARow() {
        fail(4);
        assertThat(breaker.phase()).isEqualTo(Phase.CLOSED);

        fail(1);

        assertThat(breaker.phase()).isEqualTo(Phase.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(transitions).containsExactly("k1 CLOSED->OPEN");
    }

    @Test
    void aSuccessResetsTheRun() {
        fail(4);
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
        fail(4);

        assertThat(breaker.phase()).isEqualTo(Phase.CLOSED);
    }

    @Test
    void opensOnHalfOfTheWindowOnceTenCallsAreIn() {
        for (int i = 0; i < 9; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            if (i % 2 == 0) breaker.onSuccess(); else breaker.onFailure();
        }
        assertThat(breaker.phase()).as("4 of 9 failed, and 9 calls are too few").isEqualTo(Phase.CLOSED);

        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();

        assertThat(breaker.phase()).as("5 of 10 failed").isEqualTo(Phase.OPEN);
    }

    @Test
    void oldFailuresSlideOutOfTheWindow() {
        var rules = BreakerRules.of(BreakerSettings.defaults());
        BreakerState s = BreakerState.closed();
        var now = clock.instant();
        for (int i = 0; i < 4; i++) s = rules.onFailure(s, now);
        for (int i = 0; i < 20; i++) s = rules.onSuccess(s, now);
        for (int i = 0; i < 4; i++) {
            s = rules.onFailure(s, now);
            s = rules.onSuccess(s, now);
        }

        assertThat(s).isInstanceOf(BreakerState.Closed.class);
        assertThat(Long.bitCount(((BreakerState.Closed) s).failureBits())).isEqualTo(4);
        assertThat(((BreakerState.Closed) s).calls()).isEqualTo(20);
    }

    @Test
    void halfOpenAfterTheWaitLetsExactlyOneProbeThrough() {
        open();
        clock.advance(Duration.ofSeconds(29));
        assertThat(breaker.tryAcquire()).isFalse();

        clock.advance(Duration.ofSeconds(1));

        assertThat(breaker.phase()).isEqualTo(Phase.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void aSuccessfulProbeCloses() {
        open();
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.onSuccess();

        assertThat(breaker.phase()).isEqualTo(Phase.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(transitions).containsExactly("k1 CLOSED->OPEN", "k1 OPEN->HALF_OPEN", "k1 HALF_OPEN->CLOSED");
    }

    @Test
    void aFailedProbeReopensForTwiceAsLongUpToTheCap() {
        open();
        List<Long> waits = new ArrayList<>();
        for (int round = 0; round < 7; round++) {
            long waited = 0;
            while (!breaker.tryAcquire()) {
                clock.advance(Duration.ofSeconds(1));
                waited++;
            }
            waits.add(waited);
            breaker.onFailure();
        }

        assertThat(waits).containsExactly(30L, 60L, 120L, 240L, 480L, 600L, 600L);
    }

    @Test
    void aReleasedProbeLetsTheNextCallerProbe() {
        open();
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isFalse();

        breaker.release();

        assertThat(breaker.phase()).isEqualTo(Phase.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void aProbeThatNeverReportsIsPresumedLost() {
        open();
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).isTrue();
        clock.advance(Duration.ofSeconds(119));
        assertThat(breaker.tryAcquire()).isFalse();

        clock.advance(Duration.ofSeconds(1));

        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void lateResultsWhileOpenChangeNothing() {
        open();
        breaker.onSuccess();
        breaker.onFailure();

        assertThat(breaker.phase()).isEqualTo(Phase.OPEN);
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.phase()).as("the wait was not extended").isEqualTo(Phase.HALF_OPEN);
    }

    @Test
    void concurrentCallersInHalfOpenGetExactlyOnePermission() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                MutableClock c = MutableClock.at("2025-06-26T20:30:00Z");
                CircuitBreaker b = CircuitBreaker.create("k" + round, BreakerSettings.defaults(), c);
                for (int i = 0; i < 5; i++) {
                    b.tryAcquire();
                    b.onFailure();
                }
                c.advance(Duration.ofSeconds(30));
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await(5, TimeUnit.SECONDS);
                        return b.tryAcquire();
                    }));
                }
                int admitted = 0;
                for (Future<Boolean> r : results) if (r.get(5, TimeUnit.SECONDS)) admitted++;
                assertThat(admitted).as("round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new BreakerSettings(5, 65, 10, 0.5, Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofMinutes(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BreakerSettings(5, 20, 10, 0.5, Duration.ofMinutes(30), Duration.ofMinutes(10),
                Duration.ofMinutes(2))).isInstanceOf(IllegalArgumentException.class);
    }
}
