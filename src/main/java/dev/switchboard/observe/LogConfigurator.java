package dev.switchboard.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's set-up, in code: standard output, {@code LOG_FORMAT} ({@code text} or {@code json}), root level
 * {@code LOG_LEVEL} (default INFO), Netty and Vert.x at WARN. {@link LogProvider} applies it directly; when
 * Logback's own SLF4J binding is used instead, Logback finds it through {@code ServiceLoader}. Doing this in
 * code instead of a {@code logback.xml} spares about a tenth of a second of XML parsing at every start. A
 * {@code -Dlogback.configurationFile} or a {@code logback-test.xml} on the class path still wins.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (overridden()) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        install(context, System.getenv("LOG_FORMAT"), System.getenv("LOG_LEVEL"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Whether a Logback configuration file of the user's own ({@code -Dlogback.configurationFile}) or a test's wins. */
    static boolean overridden() {
        return System.getProperty("logback.configurationFile") != null
                || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null;
    }

    /** Standard output with the given format and root level (either may be null: text, INFO). */
    static void install(LoggerContext context, String format, String level) {
        LogEncoder encoder = new LogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("STDOUT");
        stdout.setEncoder(encoder);
        stdout.start();
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("io.vertx").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel(level));
        root.addAppender(stdout);
    }

    /** {@code LOG_LEVEL}, INFO when unset or not a level name. */
    static Level rootLevel(String value) {
        return value == null || value.isBlank() ? Level.INFO : Level.toLevel(value.strip(), Level.INFO);
    }
}
