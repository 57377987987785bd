package dev.switchboard.sse;

import io.vertx.core.buffer.Buffer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Incremental framer for a JSON array streamed over time, as Gemini's {@code streamGenerateContent} sends
 * without {@code alt=sse}: {@code [{...}\n,\r\n{...}\n]}. Each top-level element's bytes are emitted as
 * soon as the element closes, whatever the chunk boundaries.
 *
 * <p>This frames, it does not validate: it tracks nesting depth, strings and escapes byte by byte (UTF-8
 * continuation bytes never look like JSON punctuation), and leaves checking each element to the JSON
 * parser that reads it. Bytes outside elements must be JSON whitespace, commas and the outer brackets.
 *
 * <p>Memory is bounded by {@code maxElementBytes}: a longer element fails the parser with {@link
 * ElementTooLargeException}. After any exception, including one thrown by the sink, the parser stops and
 * ignores later chunks. Not thread-safe: feed it from one event-loop context.
 */
public final class JsonArrayStreamParser {
    private enum State { BEFORE_ARRAY, FIRST_ELEMENT, NEXT_ELEMENT, IN_ELEMENT, AFTER_ELEMENT, AFTER_ARRAY }

    private final Consumer<Buffer> elements;
    private final int maxElementBytes;

    private State state = State.BEFORE_ARRAY;
    private Buffer partialElement;   // bytes of the current element from earlier chunks; null when none
    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean inLiteral;       // a top-level number, true, false or null: ends at a delimiter
    private long streamOffset;       // bytes fed before the current chunk, for error messages
    private boolean stopped;
    private boolean ended;

    /** @param elements receives each element's bytes in a new buffer the consumer owns */
    public JsonArrayStreamParser(Consumer<Buffer> elements, int maxElementBytes) {
        if (maxElementBytes <= 0) {
            throw new IllegalArgumentException("maxElementBytes must be positive: " + maxElementBytes);
        }
        this.elements = Objects.requireNonNull(elements, "elements");
        this.maxElementBytes = maxElementBytes;
    }

    /** Parses {@code chunk}, emitting every element it completes. The chunk is not retained. */
    public void feed(Buffer chunk) {
        if (ended) throw new IllegalStateException("feed after end");
        if (stopped) return;
        try {
            parse(chunk);
            streamOffset += chunk.length();
        } catch (RuntimeException e) {
            stopped = true;
            throw e;
        }
    }

    /**
     * Marks the end of the stream. Unlike an event stream, a JSON array says when it is complete, so a
     * stream cut before its closing {@code ]} is reported rather than silently accepted.
     *
     * @throws MalformedStreamException if the array was not closed
     */
    public void end() {
        if (ended || stopped) {
            ended = true;
            return;
        }
        ended = true;
        partialElement = null;
        if (state != State.AFTER_ARRAY) throw new MalformedStreamException("stream ended before the array closed");
    }

    private void parse(Buffer chunk) {
        int length = chunk.length();
        int elementStart = 0; // an element carried over from the last chunk continues at 0
        for (int i = 0; i < length; i++) {
            byte b = chunk.getByte(i);
            switch (state) {
                case IN_ELEMENT -> {
                    int end = elementEnd(b, i);
                    if (end >= 0) {
                        emit(chunk, elementStart, end);
                        if (end == i) i--; // a literal ended at this delimiter: read it again as punctuation
                    }
                }
                case BEFORE_ARRAY -> {
                    if (b == '[') state = State.FIRST_ELEMENT;
                    else if (!isWhitespace(b)) throw unexpected(b, i, "'['");
                }
                case FIRST_ELEMENT, NEXT_ELEMENT -> {
                    if (b == ']' && state == State.FIRST_ELEMENT) {
                        state = State.AFTER_ARRAY;
                    } else if (!isWhitespace(b)) {
                        startElement(b, i);
                        elementStart = i;
                    }
                }
                case AFTER_ELEMENT -> {
                    if (b == ',') state = State.NEXT_ELEMENT;
                    else if (b == ']') state = State.AFTER_ARRAY;
                    else if (!isWhitespace(b)) throw unexpected(b, i, "',' or ']'");
                }
                case AFTER_ARRAY -> {
                    if (!isWhitespace(b)) throw unexpected(b, i, "nothing after the array");
                }
            }
        }
        if (state == State.IN_ELEMENT) keepPartialElement(chunk, elementStart, length);
    }

    private void startElement(byte b, int index) {
        if (b == ']' || b == '}' || b == ',' || b == ':') throw unexpected(b, index, "an element");
        state = State.IN_ELEMENT;
        depth = (b == '{' || b == '[') ? 1 : 0;
        inString = b == '"';
        inLiteral = depth == 0 && !inString;
        escaped = false;
    }

    /** Feeds one byte of the current element; returns the element's exclusive end index once it closes. */
    private int elementEnd(byte b, int index) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                inString = false;
                if (depth == 0) return index + 1;
            }
        } else if (inLiteral) {
            if (isWhitespace(b) || b == ',' || b == ']') return index;
        } else if (b == '"') {
            inString = true;
        } else if (b == '{' || b == '[') {
            depth++;
        } else if ((b == '}' || b == ']') && --depth == 0) {
            return index + 1;
        }
        return -1;
    }

    private void emit(Buffer chunk, int start, int end) {
        int carried = partialElement == null ? 0 : partialElement.length();
        checkSize(carried + end - start);
        Buffer element = partialElement == null
                ? chunk.getBuffer(start, end)
                : partialElement.appendBuffer(chunk, start, end - start);
        partialElement = null;
        state = State.AFTER_ELEMENT;
        elements.accept(element);
    }

    private void keepPartialElement(Buffer chunk, int start, int end) {
        if (partialElement == null) partialElement = Buffer.buffer(Math.min(maxElementBytes, 2 * (end - start)) + 1);
        checkSize(partialElement.length() + end - start);
        partialElement.appendBuffer(chunk, start, end - start);
    }

    private void checkSize(int size) {
        if (size > maxElementBytes) throw new ElementTooLargeException(maxElementBytes);
    }

    private MalformedStreamException unexpected(byte b, int index, String expected) {
        String found = b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("byte 0x%02x", b & 0xff);
        return new MalformedStreamException(
                "expected " + expected + " but found " + found + " at byte " + (streamOffset + index));
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** The bytes do not frame a JSON array: a stray byte between elements, or the stream ended early. */
    public static final class MalformedStreamException extends RuntimeException {
        public MalformedStreamException(String message) {
            super(message, null, false, false);
        }
    }

    /** One array element exceeded the parser's byte limit; the parser has stopped. */
    public static final class ElementTooLargeException extends RuntimeException {
        private final int limit;

        public ElementTooLargeException(int limit) {
            super("JSON array element exceeds " + limit + " bytes", null, false, false);
            this.limit = limit;
        }

        public int limit() {
            return limit;
        }
    }
}
