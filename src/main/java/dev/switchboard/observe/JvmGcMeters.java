package dev.switchboard.observe;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The collector's meters, read from the JVM's own counters when metrics are scraped. Micrometer's
 * {@code JvmGcMetrics} listens to every collection instead: the JVM's notification thread then turns each one into
 * JMX open data, about 1 % of the event loop's CPU under load and on the same core, and the process loads about 70
 * classes more for it (docs/benchmarks.md). These keep the same names for the pauses' count and total time per
 * collector and for the long-lived pool's live and maximum size; per-cause labels, the longest pause and the
 * allocated and promoted byte counts need that listener and are not kept.
 */
final class JvmGcMeters {
    static final String PAUSE = "jvm.gc.pause";
    static final String CONCURRENT = "jvm.gc.concurrent.phase.time";

    private JvmGcMeters() {}

    static void bindTo(MeterRegistry registry) {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            boolean concurrent = concurrent(gc.getName());
            FunctionTimer.builder(concurrent ? CONCURRENT : PAUSE, gc, GarbageCollectorMXBean::getCollectionCount,
                            GarbageCollectorMXBean::getCollectionTime, TimeUnit.MILLISECONDS)
                    .tag("gc", gc.getName())
                    .description(concurrent ? "Time spent in the collector's concurrent phases, as the JVM counts it"
                            : "Time spent in the collector's pauses, as the JVM counts it (whole milliseconds)")
                    .register(registry);
        }
        MemoryPoolMXBean pool = longLived(ManagementFactory.getMemoryPoolMXBeans());
        if (pool == null) return;
        Gauge.builder("jvm.gc.live.data.size", pool, p -> used(p.getCollectionUsage())).baseUnit("bytes")
                .description("Size of the long-lived heap pool after its last collection").register(registry);
        Gauge.builder("jvm.gc.max.data.size", pool, p -> p.getUsage().getMax()).baseUnit("bytes")
                .description("Maximum size of the long-lived heap pool").register(registry);
    }

    /**
     * Whether a collector's bean counts concurrent cycles rather than pauses: G1's {@code G1 Concurrent GC},
     * Shenandoah's and ZGC's {@code ... Cycles}; their pauses come in beans of their own.
     */
    static boolean concurrent(String collector) {
        return collector.contains("Concurrent") || collector.endsWith("Cycles");
    }

    /**
     * The heap pool that holds long-lived objects: the old or tenured generation, or the only heap pool of a
     * collector with one (Shenandoah, non-generational ZGC); null when there is none such.
     */
    static MemoryPoolMXBean longLived(List<MemoryPoolMXBean> pools) {
        List<MemoryPoolMXBean> heap = pools.stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        if (heap.size() == 1) return heap.getFirst();
        for (MemoryPoolMXBean p : heap) {
            String name = p.getName().toLowerCase(Locale.ROOT);
            if (name.contains("old") || name.contains("tenured")) return p;
        }
        return null;
    }

    private static double used(MemoryUsage usage) {
        return usage == null ? Double.NaN : usage.getUsed();
    }
}
