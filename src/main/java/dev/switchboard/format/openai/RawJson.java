package dev.switchboard.format.openai;

import java.util.Arrays;

/**
 * Byte-level reads of JSON text for the splices that keep a body's own bytes (a streaming request's usage
 * option, {@link OpenAiRelay}): whitespace and literal comparisons over {@code b[…, to)}, never parsing.
 */
final class RawJson {
    private RawJson() {}

    static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** The first index from {@code i} that is not whitespace, or {@code to}. */
    static int skipSpace(byte[] b, int i, int to) {
        while (i < to && isSpace(b[i])) i++;
        return i;
    }

    /** {@code end} moved back over the whitespace that ends {@code b[from, end)}. */
    static int trimEnd(byte[] b, int from, int end) {
        while (end > from && isSpace(b[end - 1])) end--;
        return end;
    }

    /** Whether {@code b} holds {@code what} at {@code at}, within {@code to}. */
    static boolean regionEquals(byte[] b, int at, int to, byte[] what) {
        return at >= 0 && at + what.length <= to && Arrays.equals(b, at, at + what.length, what, 0, what.length);
    }
}
