package dev.switchboard.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.PrometheusText;
import dev.switchboard.testing.PrometheusText.Sample;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The collector's meters come from the JVM's counters at scrape time, under the names dashboards know. */
class JvmGcMetersTest {

    @Test
    void aCollectionShowsInTheNextScrapeWithTheLongLivedPoolAfterIt() {
        try (Telemetry t = Telemetry.create(Clock.systemUTC())) {
            t.bindJvmMetrics();
            double before = PrometheusText.parse(t.scrape()).sum("jvm_gc_pause_seconds_count");
            System.gc();
            PrometheusText after = PrometheusText.parse(t.scrape());
            assertThat(after.sum("jvm_gc_pause_seconds_count")).isGreaterThanOrEqualTo(before + 1);
            List<Sample> pauses = after.find("jvm_gc_pause_seconds_sum");
            assertThat(pauses).isNotEmpty().allSatisfy(s -> {
                assertThat(s.labels()).containsKey("gc");
                assertThat(s.value()).isGreaterThanOrEqualTo(0);
            });
            assertThat(after.sum("jvm_gc_live_data_size_bytes")).isPositive();
            assertThat(after.sum("jvm_gc_max_data_size_bytes")).isPositive();
            // nothing that only a listener to every collection could count
            assertThat(after.has("jvm_gc_memory_allocated_bytes_total")).isFalse();
            assertThat(after.has("jvm_gc_memory_promoted_bytes_total")).isFalse();
        }
    }

    @Test
    void concurrentCyclesAreToldFromPausesByTheCollectorsBeanNames() {
        for (String pause : List.of("Copy", "MarkSweepCompact", "G1 Young Generation", "G1 Old Generation",
                "Shenandoah Pauses", "ZGC Minor Pauses", "ZGC Major Pauses", "PS Scavenge")) {
            assertThat(JvmGcMeters.concurrent(pause)).as(pause).isFalse();
        }
        for (String cycle : List.of("G1 Concurrent GC", "Shenandoah Cycles", "ZGC Cycles", "ZGC Minor Cycles",
                "ZGC Major Cycles")) {
            assertThat(JvmGcMeters.concurrent(cycle)).as(cycle).isTrue();
        }
    }

    @Test
    void theLongLivedPoolIsTheOldGenerationOfThisJvm() {
        var pool = JvmGcMeters.longLived(ManagementFactory.getMemoryPoolMXBeans());
        assertThat(pool).isNotNull();
        assertThat(pool.getName().toLowerCase()).containsAnyOf("old", "tenured");
    }
}
