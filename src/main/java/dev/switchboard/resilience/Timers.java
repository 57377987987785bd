package dev.switchboard.resilience;

import io.vertx.core.Vertx;
import java.time.Duration;

/** Timers for decorators, so they can be driven by Vert.x in production and by anything in tests. */
public interface Timers {
    /** Runs {@code task} once after {@code delay}; returns a handle for {@link #cancel}. */
    long once(Duration delay, Runnable task);

    long every(Duration period, Runnable task);

    void cancel(long handle);

    static Timers of(Vertx vertx) {
        return new Timers() {
            @Override
            public long once(Duration delay, Runnable task) {
                return vertx.setTimer(Math.max(1, delay.toMillis()), id -> task.run());
            }

            @Override
            public long every(Duration period, Runnable task) {
                return vertx.setPeriodic(Math.max(1, period.toMillis()), id -> task.run());
            }

            @Override
            public void cancel(long handle) {
                vertx.cancelTimer(handle);
            }
        };
    }
}
