package dev.switchboard.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.Test;

class LogProviderTest {

    private static boolean autoConfigured(LoggerContext context) {
        // Logback's auto-configuration reports its version first thing.
        return context.getStatusManager().getCopyOfStatusList().stream().map(Status::getMessage)
                .anyMatch(m -> m.contains("logback-classic version"));
    }

    @Test
    void setsLogbackUpInCodeWithoutItsAutoConfiguration() {
        LogProvider provider = new LogProvider();
        provider.initialize(false, "json", "warn");
        LoggerContext context = (LoggerContext) provider.getLoggerFactory();

        assertThat(context.isStarted()).isTrue();
        assertThat(autoConfigured(context)).isFalse();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
        var stdout = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDOUT");
        assertThat(stdout.getEncoder()).isInstanceOf(LogEncoder.class);
        assertThat(provider.getMDCAdapter()).isInstanceOf(LogbackMDCAdapter.class).isSameAs(context.getMDCAdapter());
        assertThat(provider.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
        assertThat(provider.getRequestedApiVersion()).startsWith("2.");
        context.stop();
    }

    @Test
    void aLogbackFileOfTheUsersGoesThroughLogbacksOwnAutoConfiguration() {
        // The test class path has logback-test.xml, as a user's -Dlogback.configurationFile would be.
        assertThat(LogConfigurator.overridden()).isTrue();
        LogProvider provider = new LogProvider();
        provider.initialize(true, "json", "debug");
        LoggerContext context = (LoggerContext) provider.getLoggerFactory();

        assertThat(autoConfigured(context)).isTrue();
        var stdout = (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        assertThat(stdout.getEncoder()).isInstanceOf(PatternLayoutEncoder.class);
        assertThat(context.getLogger("io.vertx").getLevel()).isEqualTo(Level.WARN);
        context.stop();
    }
}
