package dev.switchboard.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs(String name, Level level) {
        logger = (Logger) LoggerFactory.getLogger(name);
        previousLevel = logger.getLevel();
        previousAdditivity = logger.isAdditive();
        logger.setLevel(level);
        logger.setAdditive(false);
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    public static CapturedLogs of(String logger, Level level) {
        return new CapturedLogs(logger, level);
    }

    public List<ILoggingEvent> events() {
        synchronized (appender.list) {
            return List.copyOf(appender.list);
        }
    }

    /** Waits (briefly) for an event that matches: access lines are written when the response has ended. */
    public ILoggingEvent await(Predicate<ILoggingEvent> p) {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            for (ILoggingEvent e : events()) if (p.test(e)) return e;
            try {
                Thread.sleep(10);
            } catch (InterruptedException ex) {
                throw new AssertionError(ex);
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
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditivity);
    }
}
