package dev.switchboard.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per client request on the logger {@value #NAME}. The fields are SLF4J key-value pairs, so the
 * JSON log format has them as fields; the text format shows the same pairs in the message.
 */
final class AccessLog {
    static final String NAME = "dev.switchboard.access";
    private static final Logger LOG = LoggerFactory.getLogger(NAME);

    private AccessLog() {}

    static boolean enabled() { return LOG.isInfoEnabled(); }

    /** Writes {@code fields} (in order); the first four make the start of the readable message. */
    static void write(Map<String, Object> fields) {
        LoggingEventBuilder b = LOG.atInfo();
        StringBuilder msg = new StringBuilder(160);
        msg.append(fields.get("method")).append(' ').append(fields.get("path")).append(' ')
                .append(fields.get("status")).append(' ').append(fields.get("duration_ms")).append("ms");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            b = b.addKeyValue(e.getKey(), e.getValue());
            switch (e.getKey()) {
                case "method", "path", "status", "duration_ms" -> {}
                default -> msg.append(' ').append(e.getKey()).append('=').append(quoted(String.valueOf(e.getValue())));
            }
        }
        b.log(msg.toString());
    }

    static Map<String, Object> fields() { return new LinkedHashMap<>(); }

    private static String quoted(String v) {
        return v.isEmpty() || v.indexOf(' ') >= 0 || v.indexOf('"') >= 0 ? '"' + v.replace("\"", "\\\"") + '"' : v;
    }
}
