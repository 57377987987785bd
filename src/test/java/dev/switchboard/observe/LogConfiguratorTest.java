package dev.switchboard.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {

    @Test
    void rootLevelComesFromLogLevelAndFallsBackToInfo() {
        assertThat(LogConfigurator.rootLevel(null)).isEqualTo(Level.INFO);
        assertThat(LogConfigurator.rootLevel(" ")).isEqualTo(Level.INFO);
        assertThat(LogConfigurator.rootLevel("warn")).isEqualTo(Level.WARN);
        assertThat(LogConfigurator.rootLevel(" DEBUG ")).isEqualTo(Level.DEBUG);
        assertThat(LogConfigurator.rootLevel("loud")).isEqualTo(Level.INFO);
    }

    @Test
    void installsStdoutWithTheFormatAndQuietNettyAndVertx() {
        LoggerContext context = new LoggerContext();
        LogConfigurator.install(context, "json", "warn");

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.vertx").getLevel()).isEqualTo(Level.WARN);
        var appender = (ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>) root.getAppender("STDOUT");
        assertThat(appender.isStarted()).isTrue();
        LoggingEvent event = new LoggingEvent("x", root, Level.WARN, "hello {}", null, new Object[] {"there"});
        String line = new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
        assertThat(line).startsWith("{").contains("\"formattedMessage\":\"hello there\"");
        context.stop();
    }

    @Test
    void aLogbackFileOnTheClassPathStillWins() {
        // The test class path has logback-test.xml: the configurator steps aside for it.
        LoggerContext context = new LoggerContext();
        assertThat(new LogConfigurator().configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNull();
    }
}
