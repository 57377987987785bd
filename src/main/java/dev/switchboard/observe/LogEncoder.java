package dev.switchboard.observe;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.util.Locale;

/**
 * The log encoder {@link LogConfigurator} sets up: readable text by default, or one JSON object per line
 * (Logback's own {@link JsonEncoder}, key-value pairs as fields) with format {@code json}, which the
 * configuration takes from {@code LOG_FORMAT}. An unknown format falls back to text with a warning.
 */
public final class LogEncoder extends EncoderBase<ILoggingEvent> {
    private String format = "text";
    private String pattern = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
    private Encoder<ILoggingEvent> delegate;

    public void setFormat(String format) { this.format = format == null ? "text" : format.strip().toLowerCase(Locale.ROOT); }

    public void setPattern(String pattern) { this.pattern = pattern; }

    @Override
    public void start() {
        if (format.equals("json")) {
            JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithArguments(false);
            json.setWithMessage(false);
            json.setWithFormattedMessage(true);
            json.setWithMarkers(false);
            json.setWithMDC(false);
            delegate = json;
        } else {
            // one plain line: a Logback warning would print its whole start-up status
            if (!format.equals("text")) System.err.println("LOG_FORMAT '" + format + "' is neither text nor json; using text");
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) delegate.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() { return delegate.headerBytes(); }

    @Override
    public byte[] encode(ILoggingEvent event) { return delegate.encode(event); }

    @Override
    public byte[] footerBytes() { return delegate.footerBytes(); }
}
