package dev.switchboard.observe;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.util.StatusPrinter;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding {@code Main} names ({@code slf4j.provider}): Logback's own {@link LogbackServiceProvider},
 * except that the context is set up by {@link LogConfigurator#install} directly. Logback's auto-configuration
 * first looks configurators up through a {@code ServiceLoader} scan of the class path, about 2 % of a start on
 * one core, only to find {@link LogConfigurator}. A {@code -Dlogback.configurationFile} or a
 * {@code logback-test.xml} on the class path still goes through that auto-configuration, as before.
 */
public final class LogProvider implements SLF4JServiceProvider {
    private final LoggerContext context = new LoggerContext();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

    @Override
    public void initialize() {
        initialize(LogConfigurator.overridden(), System.getenv("LOG_FORMAT"), System.getenv("LOG_LEVEL"));
    }

    /** Sets the context up: through Logback's auto-configuration when a file of the user's wins, else in code. */
    void initialize(boolean overridden, String format, String level) {
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        context.setMDCAdapter(mdc);
        if (overridden) {
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                System.err.println("Logback configuration failed: " + e.getMessage());
            }
            if (!StatusUtil.contextHasStatusListener(context)) StatusPrinter.printInCaseOfErrorsOrWarnings(context);
        } else {
            LogConfigurator.install(context, format, level);
        }
        context.start();
    }

    @Override
    public ILoggerFactory getLoggerFactory() { return context; }

    @Override
    public IMarkerFactory getMarkerFactory() { return markers; }

    @Override
    public MDCAdapter getMDCAdapter() { return mdc; }

    @Override
    public String getRequestedApiVersion() { return LogbackServiceProvider.REQUESTED_API_VERSION; }
}
