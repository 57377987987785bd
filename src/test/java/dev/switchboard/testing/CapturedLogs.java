package dev.switchboard.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Log events of one logger, captured (and kept off the console) at a level for the length of a test, then the
 * logger is put back.
 */
public final class CapturedLogs implements AutoCloseable {
    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousAdditivity;
    private final Collector collector = new Collector();

    /** Keeps events and wakes whoever waits for one. */
    private static final class Collector extends AppenderBase<ILoggingEvent> {
        private final List<ILoggingEvent> events = new ArrayList<>();

        @Override
        protected synchronized void append(ILoggingEvent e) {
            events.add(e);
            notifyAll();
        }

        synchronized List<ILoggingEvent> snapshot() { return List.copyOf(events); }
    }

    private CapturedLogs(String name, Level level) {
        logger = (Logger) LoggerFactory.getLogger(name);
        previousLevel = logger.getLevel();
        previousAdditivity = logger.isAdditive();
        logger.setLevel(level);
        logger.setAdditive(false);
        collector.setContext(logger.getLoggerContext());
        collector.start();
        logger.addAppender(collector);
    }

    public static CapturedLogs of(String logger, Level level) {
        return new CapturedLogs(logger, level);
    }

    public List<ILoggingEvent> events() {
        return collector.snapshot();
    }

    /** The first event that matches, waiting up to 5 s: access lines are written when the response has ended. */
    public ILoggingEvent await(Predicate<ILoggingEvent> p) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        synchronized (collector) {
            while (true) {
                for (ILoggingEvent e : collector.events) if (p.test(e)) return e;
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    TimeUnit.NANOSECONDS.timedWait(collector, left);
                } catch (InterruptedException ex) {
                    throw new AssertionError(ex);
                }
            }
        }
        throw new AssertionError("no matching log event; got " + events().stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    /** An event's key-value pairs as strings. */
    public static Map<String, String> fields(ILoggingEvent e) {
        Map<String, String> out = new HashMap<>();
        List<KeyValuePair> kvs = e.getKeyValuePairs();
        if (kvs != null) for (KeyValuePair kv : kvs) out.put(kv.key, String.valueOf(kv.value));
        return out;
    }

    @Override
    public void close() {
        logger.detachAppender(collector);
        collector.stop();
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditivity);
    }
}
