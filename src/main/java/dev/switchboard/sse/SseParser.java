package dev.switchboard.sse;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Incremental parser for a {@code text/event-stream}, following the HTML spec's "event stream
 * interpretation". Chunks may be split at any byte: inside a UTF-8 character, inside a field name, or
 * between the CR and LF of one line ending.
 *
 * <p>Bytes are scanned in place; a line is copied only when it straddles two chunks. Data lines are kept
 * as bytes and handed over as bytes; {@link SseEvent#data()} decodes them when asked (malformed bytes
 * become U+FFFD, as the spec's decoder does). Memory is bounded by {@code maxEventBytes}: a single line longer than that, or data of one event
 * longer than that, fails the parser with {@link EventTooLargeException}.
 *
 * <p>After any exception, including one thrown by a sink, the parser stops and ignores later chunks. Not
 * thread-safe: feed it from one event-loop context.
 */
public final class SseParser {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] DATA = ascii("data");
    private static final byte[] EVENT = ascii("event");
    private static final byte[] ID = ascii("id");
    private static final byte[] RETRY = ascii("retry");
    private static final Consumer<String> IGNORE_COMMENTS = comment -> {};

    private final Consumer<SseEvent> events;
    private final Consumer<String> comments;
    private final int maxEventBytes;

    private Buffer partialLine;          // bytes of a line not yet terminated; null when none
    private boolean skipLeadingLf;       // the previous chunk ended in CR: an LF now belongs to it
    private boolean atStreamStart = true;
    private Buffer data;                 // null until the current event has a data field
    private String eventType = "";
    private String lastEventId = "";
    private OptionalLong retryMillis = OptionalLong.empty();
    private long commentCount;
    private boolean stopped;
    private boolean ended;

    /** A parser that counts comments but does not report their text. */
    public SseParser(Consumer<SseEvent> events, int maxEventBytes) {
        this(events, IGNORE_COMMENTS, maxEventBytes);
    }

    /**
     * @param comments receives the text of each comment line, without the colon and one following space
     *     (keep-alives such as {@code ": ping"} arrive as {@code "ping"})
     */
    public SseParser(Consumer<SseEvent> events, Consumer<String> comments, int maxEventBytes) {
        if (maxEventBytes <= 0) throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
        this.events = Objects.requireNonNull(events, "events");
        this.comments = Objects.requireNonNull(comments, "comments");
        this.maxEventBytes = maxEventBytes;
    }

    /** Parses {@code chunk}, dispatching every event it completes. The chunk is not retained. */
    public void feed(Buffer chunk) {
        if (ended) throw new IllegalStateException("feed after end");
        if (stopped) return;
        try {
            parse(chunk);
        } catch (RuntimeException e) {
            stopped = true;
            throw e;
        }
    }

    /**
     * Marks the end of the stream. Per spec, an event not yet terminated by a blank line is discarded, as is
     * an unterminated last line: a truncated upstream never produces a half event.
     */
    public void end() {
        ended = true;
        partialLine = null;
        data = null;
    }

    /** Comment lines seen so far; a stream of only comments is alive but idle. */
    public long commentCount() {
        return commentCount;
    }

    /** The latest valid {@code retry:} value, in milliseconds. */
    public OptionalLong retryMillis() {
        return retryMillis;
    }

    private void parse(Buffer chunk) {
        int length = chunk.length();
        int pos = 0;
        if (skipLeadingLf && length > 0) {
            skipLeadingLf = false;
            if (chunk.getByte(0) == LF) pos = 1;
        }
        while (pos < length) {
            int eol = indexOfLineEnd(chunk, pos, length);
            if (eol < 0) {
                keepPartialLine(chunk, pos, length);
                return;
            }
            if (partialLine == null) {
                checkLineLength(eol - pos);
                line(chunk, pos, eol);
            } else {
                Buffer whole = partialLine.appendBuffer(chunk, pos, eol - pos);
                partialLine = null;
                checkLineLength(whole.length());
                line(whole, 0, whole.length());
            }
            pos = eol + 1;
            if (chunk.getByte(eol) == CR) {
                if (pos == length) skipLeadingLf = true;
                else if (chunk.getByte(pos) == LF) pos++;
            }
        }
    }

    private void keepPartialLine(Buffer chunk, int from, int to) {
        if (partialLine == null) partialLine = Buffer.buffer(Math.min(maxEventBytes, 2 * (to - from)) + 1);
        checkLineLength(partialLine.length() + to - from);
        partialLine.appendBuffer(chunk, from, to - from);
    }

    private void line(Buffer line, int start, int end) {
        if (atStreamStart) {
            atStreamStart = false;
            if (startsWithBom(line, start, end)) start += 3;
        }
        if (start == end) {
            dispatch();
        } else if (line.getByte(start) == ':') {
            comment(line, start + 1, end);
        } else {
            int colon = indexOf(line, start, end, NOT_COLON);
            int nameEnd = colon < 0 ? end : colon;
            int valueStart = colon < 0 ? end : colon + 1;
            if (valueStart < end && line.getByte(valueStart) == ' ') valueStart++;
            field(line, start, nameEnd, valueStart, end);
        }
    }

    private void field(Buffer line, int nameStart, int nameEnd, int valueStart, int valueEnd) {
        if (nameIs(line, nameStart, nameEnd, DATA)) {
            if (data == null) data = Buffer.buffer(valueEnd - valueStart);
            else data.appendByte(LF);
            data.appendBuffer(line, valueStart, valueEnd - valueStart);
            if (data.length() > maxEventBytes) throw new EventTooLargeException(maxEventBytes);
        } else if (nameIs(line, nameStart, nameEnd, EVENT)) {
            eventType = line.getString(valueStart, valueEnd);
        } else if (nameIs(line, nameStart, nameEnd, ID)) {
            if (indexOf(line, valueStart, valueEnd, NOT_NUL) < 0) lastEventId = line.getString(valueStart, valueEnd);
        } else if (nameIs(line, nameStart, nameEnd, RETRY)) {
            retry(line, valueStart, valueEnd);
        }
        // Any other field name is ignored, as the spec requires.
    }

    private void retry(Buffer line, int start, int end) {
        if (start == end || end - start > 18) return; // 18 digits always fit in a long
        long millis = 0;
        for (int i = start; i < end; i++) {
            byte b = line.getByte(i);
            if (b < '0' || b > '9') return;
            millis = millis * 10 + (b - '0');
        }
        retryMillis = OptionalLong.of(millis);
    }

    private void comment(Buffer line, int start, int end) {
        commentCount++;
        if (comments == IGNORE_COMMENTS) return; // spare decoding text no one reads
        if (start < end && line.getByte(start) == ' ') start++;
        comments.accept(line.getString(start, end));
    }

    private void dispatch() {
        Buffer eventData = data;
        String type = eventType.isEmpty() ? SseEvent.DEFAULT_EVENT : eventType;
        data = null;
        eventType = "";
        if (eventData == null) return; // no data field: nothing to dispatch, per spec
        Optional<String> id = lastEventId.isEmpty() ? Optional.empty() : Optional.of(lastEventId);
        events.accept(new SseEvent(type, eventData, id));
    }

    private void checkLineLength(int length) {
        if (length > maxEventBytes) throw new EventTooLargeException(maxEventBytes);
    }

    // Netty's forEachByte scans without a bounds and reference-count check per byte (it showed in profiles).
    private static final ByteProcessor NOT_COLON = b -> b != ':';
    private static final ByteProcessor NOT_NUL = b -> b != 0;

    private static int indexOfLineEnd(Buffer buffer, int from, int to) {
        return from >= to ? -1 : bytes(buffer).forEachByte(from, to - from, ByteProcessor.FIND_CRLF);
    }

    private static int indexOf(Buffer buffer, int from, int to, ByteProcessor notTarget) {
        return from >= to ? -1 : bytes(buffer).forEachByte(from, to - from, notTarget);
    }

    private static ByteBuf bytes(Buffer buffer) {
        return ((BufferInternal) buffer).unwrap();
    }

    private static boolean nameIs(Buffer line, int start, int end, byte[] name) {
        if (end - start != name.length) return false;
        for (int i = 0; i < name.length; i++) {
            if (line.getByte(start + i) != name[i]) return false;
        }
        return true;
    }

    private static boolean startsWithBom(Buffer line, int start, int end) {
        return end - start >= 3
                && line.getByte(start) == (byte) 0xEF
                && line.getByte(start + 1) == (byte) 0xBB
                && line.getByte(start + 2) == (byte) 0xBF;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** An event, or a single line, exceeded the parser's byte limit; the parser has stopped. */
    public static final class EventTooLargeException extends RuntimeException {
        private final int limit;

        public EventTooLargeException(int limit) {
            super("server-sent event exceeds " + limit + " bytes", null, false, false);
            this.limit = limit;
        }

        public int limit() {
            return limit;
        }
    }
}
