package dev.switchboard.observe;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

/** Log settings that the environment changes after Logback has read its file. */
public final class LogSettings {
    private LogSettings() {}

    /** {@code DEBUG_TRANSLATION=true}: log each translation step (secrets masked) whatever the root level. */
    public static void debugTranslation(boolean on) {
        if (on && LoggerFactory.getLogger(TranslationLog.NAME) instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(Level.DEBUG);
        }
    }
}
