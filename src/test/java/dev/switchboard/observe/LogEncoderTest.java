package dev.switchboard.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** LOG_FORMAT: readable text by default, one JSON object per line with the key-value pairs as fields. */
class LogEncoderTest {
    final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    LoggingEvent accessEvent() {
        LoggingEvent e = new LoggingEvent("x", context.getLogger(AccessLog.NAME), Level.INFO,
                "POST /v1/chat/completions 200 12.5ms model=gemini-2.5-flash", null, null);
        e.setKeyValuePairs(List.of(new KeyValuePair("request_id", "r1"), new KeyValuePair("status", 200),
                new KeyValuePair("model", "gemini-2.5-flash")));
        return e;
    }

    String encode(String format) {
        LogEncoder enc = new LogEncoder();
        enc.setContext(context);
        enc.setFormat(format);
        enc.start();
        return new String(enc.encode(accessEvent()), StandardCharsets.UTF_8);
    }

    @Test
    void jsonIsOneObjectPerLineWithTheFieldsAsKeyValuePairs() throws Exception {
        String line = encode("JSON");

        assertThat(line).endsWith("\n").doesNotContain("\n{");
        JsonNode j = new ObjectMapper().readTree(line);
        assertThat(j.path("level").asText()).isEqualTo("INFO");
        assertThat(j.path("loggerName").asText()).isEqualTo(AccessLog.NAME);
        assertThat(j.path("formattedMessage").asText()).startsWith("POST /v1/chat/completions 200");
        assertThat(j.path("timestamp").asLong()).isPositive();
        assertThat(j.path("kvpList").toString()).contains("\"request_id\":\"r1\"").contains("\"status\":\"200\"");
        assertThat(j.has("sequenceNumber")).isFalse();
    }

    @Test
    void textIsTheDefaultAndAnUnknownFormatFallsBackToIt() {
        assertThat(encode("text")).contains("INFO  access - POST /v1/chat/completions 200 12.5ms model=gemini-2.5-flash");
        assertThat(encode("yaml")).contains("INFO  access - POST /v1/chat/completions 200");
    }
}
