package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleCollectorTest {
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong gcs = new AtomicLong();
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger collected = new AtomicInteger();
    private final IdleCollector collector = new IdleCollector(busy::get, gcs::get, now::get, Duration.ofSeconds(5), () -> {
        collected.incrementAndGet();
        gcs.incrementAndGet();   // the collection counts itself, as the JVM's does
    });

    private boolean tickAt(long seconds) {
        now.set(Duration.ofSeconds(seconds).toNanos());
        return collector.tick();
    }

    @Test
    void collectsOnceAfterTheQuietPeriodThatFollowsTheStart() {
        assertThat(tickAt(0)).isFalse();   // the first look counts as activity: the start allocated
        assertThat(tickAt(4)).isFalse();
        assertThat(tickAt(5)).isTrue();
        assertThat(tickAt(6)).isFalse();
        assertThat(tickAt(600)).isFalse();
        assertThat(collected).hasValue(1);
    }

    @Test
    void requestsPutItOffAndAQuietSpellAfterThemCollectsAgain() {
        tickAt(0);
        tickAt(5);
        busy.set(true);
        assertThat(tickAt(20)).isFalse();
        assertThat(tickAt(40)).isFalse();
        busy.set(false);
        assertThat(tickAt(41)).isFalse();
        assertThat(tickAt(44)).isFalse();   // five seconds count from the last busy look, not the first quiet one
        assertThat(tickAt(45)).isTrue();
        assertThat(collected).hasValue(2);
    }

    @Test
    void theJvmsOwnCollectionsCountAsActivityButItsOwnDoesNot() {
        tickAt(0);
        tickAt(5);
        gcs.addAndGet(3);                   // the warm-up or background work allocated
        assertThat(tickAt(7)).isFalse();
        assertThat(tickAt(11)).isFalse();
        assertThat(tickAt(12)).isTrue();
        assertThat(tickAt(30)).isFalse();   // its own collection left nothing to do
        assertThat(collected).hasValue(2);
    }
}
