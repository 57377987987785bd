package dev.switchboard;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code --train-aot}: a short {@link Warmup} (every kind of request, plain and streamed, on loopback) so that
 * {@code -XX:AOTCacheOutput} records the classes and method profiles a real start needs. Used by run.sh to build
 * a start-up cache once per build; never part of serving.
 */
final class AotTraining {
    private AotTraining() {}

    static void run() throws Exception {
        Vertx vertx = Vertx.vertx(Main.vertxOptions());
        try {
            int answered = Warmup.run(vertx, new Warmup.Plan(200, 2, 1, 1), Duration.ofSeconds(60))
                    .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
            if (answered == 0) throw new IllegalStateException("the training requests were not answered");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
