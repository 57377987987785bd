package dev.switchboard;

import dev.switchboard.config.Env;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --train-aot}: a {@link Warmup} (every kind of request, plain and streamed, on loopback) so that
 * {@code -XX:AOTCacheOutput} records the classes and method profiles a real start needs. Used by run.sh to build
 * a start-up cache once per build; never part of serving.
 *
 * <p>The JIT of a process started with the cache compiles from the profiles recorded here (JDK 25's
 * ahead-of-time method profiling), so the training sends what real load sends, more than a start's warm-up can
 * afford: the same passes, and bursts of a thousand streams held open together, their events spaced out as a
 * model's are. The code that only a crowd of connections runs (accepting them together, thousands of timers,
 * tables growing) then arrives at the first real crowd with its profile already taken: in the first 1,000-stream
 * burst after a start, half as many compilations (docs/benchmarks.md). The bursts cost this process memory that a
 * serving one could not give back; this one exits.
 */
final class AotTraining {
    private static final Logger log = LoggerFactory.getLogger(AotTraining.class);
    /** What the training sends: a start's rounds and passes, with bursts of slow streams in each pass. */
    static final Warmup.Plan PLAN = new Warmup.Plan(Warmup.AT_START.rounds(), Warmup.AT_START.clients(), 2,
            Warmup.AT_START.passes(), 1000, Duration.ofMillis(20));

    private AotTraining() {}

    static void run() throws Exception {
        Vertx vertx = Main.newVertx(Main.transport(Env.system()));
        try {
            long started = System.nanoTime();
            int answered = Warmup.run(vertx, PLAN, Duration.ofSeconds(120))
                    .toCompletionStage().toCompletableFuture().get(150, TimeUnit.SECONDS);
            if (answered == 0) throw new IllegalStateException("the training requests were not answered");
            log.info("start-up cache training: {} requests answered in {} ms", answered, (System.nanoTime() - started) / 1_000_000);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
