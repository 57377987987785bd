package dev.switchboard;

import dev.switchboard.observe.Telemetry;
import io.vertx.core.Vertx;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the heap once when the gateway has been quiet for a while, so that the JVM gives back the memory a
 * burst left behind. With SerialGC the old generation only grows: every young collection under load promotes
 * some garbage into it, and only a full collection (and then a shrink, see config/jvm.options) returns those
 * pages. G1 returns free regions after a full collection too.
 *
 * <p>Quiet means no client request in flight or ended within the last two seconds, and no collection by the JVM
 * itself (the start-up warm-up and background work allocate too). Once quiet for {@code after}, it collects once;
 * the next collection waits for activity and another quiet spell. A gateway under steady traffic is never quiet,
 * so it never pays for one; a request that comes during the collection waits for it (28–58 ms measured on one
 * core, with about 6 MB of live heap: docs/benchmarks.md).
 */
final class IdleCollector {
    private static final Logger log = LoggerFactory.getLogger(IdleCollector.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final BooleanSupplier busy;
    private final LongSupplier collections;
    private final LongSupplier nanos;
    private final long afterNanos;
    private final Runnable collect;
    private long seenCollections = -1;
    private long quietSince;
    private boolean pending;

    /**
     * {@code busy}: whether requests are being served; {@code collections}: how many collections the JVM has run,
     * ever; {@code nanos}: a monotonic ticker; {@code collect}: the collection itself.
     */
    IdleCollector(BooleanSupplier busy, LongSupplier collections, LongSupplier nanos, Duration after, Runnable collect) {
        this.busy = busy;
        this.collections = collections;
        this.nanos = nanos;
        this.afterNanos = after.toNanos();
        this.collect = collect;
    }

    /** Checks every second, on a worker thread of {@code vertx}, whether to collect; for the life of the process. */
    static void start(Vertx vertx, Telemetry telemetry, Duration after) {
        List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
        IdleCollector c = new IdleCollector(telemetry::busy, () -> count(beans), System::nanoTime, after, IdleCollector::collectHeap);
        vertx.setPeriodic(TICK.toMillis(), id -> vertx.executeBlocking(() -> {
            c.tick();
            return null;
        }));
    }

    /** One check: returns whether it collected. */
    boolean tick() {
        long now = nanos.getAsLong();
        long gcs = collections.getAsLong();
        if (busy.getAsBoolean() || gcs != seenCollections) {
            seenCollections = gcs;
            quietSince = now;
            pending = true;
            return false;
        }
        if (!pending || now - quietSince < afterNanos) return false;
        pending = false;
        collect.run();
        seenCollections = collections.getAsLong(); // its own collection is no activity
        return true;
    }

    private static long count(List<GarbageCollectorMXBean> beans) {
        long n = 0;
        for (GarbageCollectorMXBean b : beans) n += Math.max(0, b.getCollectionCount());
        return n;
    }

    private static void collectHeap() {
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory();
        long start = System.nanoTime();
        System.gc();
        log.debug("quiet: collected the heap in {} ms, committed {} -> {} KB", (System.nanoTime() - start) / 1_000_000,
                before / 1024, rt.totalMemory() / 1024);
    }
}
