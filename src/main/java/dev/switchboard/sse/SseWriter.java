package dev.switchboard.sse;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Frames Server-Sent Events for the wire. Every method returns a new buffer the caller owns, so a caller
 * may write it, modify it or hand it on without affecting any other stream.
 *
 * <p>A payload containing line breaks (LF, CR or CRLF) is split into one {@code data:} line per line, which
 * a conforming parser joins back with LF. Compact JSON never has raw line breaks, so the common case is
 * a single {@code data:} line.
 */
public final class SseWriter {
    private static final byte[] DATA = ascii("data: ");
    private static final byte[] EVENT = ascii("event: ");
    private static final byte[] COMMENT = ascii(": ");
    private static final byte[] LF = ascii("\n");
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] DONE = ascii("data: [DONE]\n\n");

    private SseWriter() {}

    /** {@code data: <text>\n\n}. */
    public static Buffer data(String text) {
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return Buffer.buffer(DATA.length + text.length() + 2)
                    .appendBytes(DATA).appendString(text).appendBytes(LF).appendBytes(LF);
        }
        return data(Buffer.buffer(text), LF);
    }

    /** {@code data: <bytes>\n\n}, copying the bytes without decoding them. */
    public static Buffer data(Buffer bytes) {
        return data(bytes, LF);
    }

    /** {@code data: <bytes>\r\n\r\n}: the framing Gemini itself uses. */
    public static Buffer dataCrlf(Buffer bytes) {
        return data(bytes, CRLF);
    }

    /** {@code event: <name>\ndata: <data>\n\n}. */
    public static Buffer event(String name, String data) {
        if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("event name contains a line break: " + name);
        }
        Buffer payload = Buffer.buffer(data);
        Buffer out = Buffer.buffer(EVENT.length + name.length() + DATA.length + payload.length() + 3)
                .appendBytes(EVENT).appendString(name).appendBytes(LF);
        return appendDataLines(out, payload, LF).appendBytes(LF);
    }

    /** {@code : <text>\n\n}: a comment, which clients ignore; used as a keep-alive. */
    public static Buffer comment(String text) {
        Buffer out = Buffer.buffer(text.length() + 4);
        forEachLine(Buffer.buffer(text), (line, start, end) ->
                out.appendBytes(COMMENT).appendBuffer(line, start, end - start).appendBytes(LF));
        return out.appendBytes(LF);
    }

    /** {@code data: [DONE]\n\n}: OpenAI's end-of-stream marker. A fresh copy on each call. */
    public static Buffer done() {
        return Buffer.buffer(DONE.length).appendBytes(DONE);
    }

    private static Buffer data(Buffer payload, byte[] eol) {
        Buffer out = Buffer.buffer(DATA.length + payload.length() + 2 * eol.length);
        return appendDataLines(out, payload, eol).appendBytes(eol);
    }

    private static Buffer appendDataLines(Buffer out, Buffer payload, byte[] eol) {
        forEachLine(payload, (line, start, end) ->
                out.appendBytes(DATA).appendBuffer(line, start, end - start).appendBytes(eol));
        return out;
    }

    private interface LineVisitor {
        void line(Buffer text, int start, int end);
    }

    /** Visits each line of {@code text} split at LF, CR or CRLF; always at least one (possibly empty). */
    private static void forEachLine(Buffer text, LineVisitor visitor) {
        int start = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            byte b = text.getByte(i);
            if (b == '\n' || b == '\r') {
                visitor.line(text, start, i);
                if (b == '\r' && i + 1 < length && text.getByte(i + 1) == '\n') i++;
                start = i + 1;
            }
        }
        visitor.line(text, start, length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
