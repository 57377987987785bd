package dev.switchboard.format.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.switchboard.model.NativeBody;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * The same-format shortcut for answers: an OpenAI-compatible upstream's {@code chat.completion} or chunk goes to
 * an OpenAI client as the bytes it came in, so what the canonical model does not carry reaches the client as
 * the upstream sent it: {@code logprobs}, {@code refusal}, {@code system_fingerprint}, {@code service_tier},
 * {@code annotations}, vendor fields, tool calls streamed in pieces. Only these are rewritten, spliced in at the
 * spans {@link OpenAiAnswerReader} recorded:
 * <ul>
 *   <li>{@code model}: the name the client asked for (written first when the upstream left it out);</li>
 *   <li>{@code usage}: removed (with its comma) when a streaming client did not ask for it, since the gateway
 *       asks every upstream stream for it;</li>
 *   <li>{@code finish_reason}: in OpenAI's vocabulary as the canonical path would say it ({@code end_turn} is
 *       "stop", "stop" after a tool call is "tool_calls");</li>
 *   <li>a {@code reasoning} key with no {@code reasoning_content} beside it becomes {@code reasoning_content},
 *       the field the gateway's OpenAI answers carry reasoning in.</li>
 * </ul>
 */
final class OpenAiRelay {
    static final String MODEL = "model";
    static final String USAGE = "usage";
    static final String FINISH_REASON = "finish_reason";
    static final String REASONING_KEY = "reasoning";
    private static final byte[] REASONING = ascii("\"reasoning\"");
    static final int REASONING_KEY_BYTES = REASONING.length;
    private static final byte[] REASONING_CONTENT = ascii("\"reasoning_content\"");
    private static final byte[] FUNCTION_CALL = ascii("\"function_call\"");
    private static final byte[] NOTHING = new byte[0];
    private static final byte[] MODEL_KEY = ascii("\"model\":");

    /** The client's model name as a JSON string. */
    private final byte[] model;

    OpenAiRelay(String clientModel) {
        this.model = quoted(clientModel);
    }

    /**
     * Appends {@code body}'s bytes to {@code out}, rewritten as above. {@code finish} gives the finish reason
     * the client should read for a choice, or null to leave the upstream's.
     */
    void append(Buffer out, NativeBody body, boolean dropUsage, IntFunction<String> finish) {
        Buffer bytes = body.bytes();
        int pos = withModel(out, body);
        for (NativeBody.Span s : body.spans()) {
            int start = s.start();
            int end = s.end();
            byte[] replacement;
            switch (s.name()) {
                case MODEL -> {
                    if (regionEquals(bytes, start, end, model)) continue;
                    replacement = model;
                }
                case USAGE -> {
                    if (!dropUsage) continue;
                    int after = skipSpace(bytes, end, 1);
                    if (after < bytes.length() && bytes.getByte(after) == ',') {
                        end = skipSpace(bytes, after + 1, 1);
                    } else {
                        int before = skipSpace(bytes, start - 1, -1);
                        if (before >= 0 && bytes.getByte(before) == ',') start = before;
                    }
                    replacement = NOTHING;
                }
                case FINISH_REASON -> {
                    String wanted = finish.apply(s.choice());
                    // function_call is OpenAI's own (legacy functions), and its message carries function_call.
                    if (wanted == null || regionEquals(bytes, start, end, FUNCTION_CALL)) continue;
                    replacement = quoted(wanted);
                    if (regionEquals(bytes, start, end, replacement)) continue;
                }
                case REASONING_KEY -> {
                    if (!regionEquals(bytes, start, end, REASONING)) continue;
                    replacement = REASONING_CONTENT;
                }
                default -> {
                    continue;
                }
            }
            out.appendBuffer(bytes, pos, start - pos).appendBytes(replacement);
            pos = end;
        }
        out.appendBuffer(bytes, pos, bytes.length() - pos);
    }

    /**
     * Where copying starts: 0, or, for a body that has no {@code model} at all, just after its opening brace,
     * with the client's model name written as its first field.
     */
    private int withModel(Buffer out, NativeBody body) {
        for (NativeBody.Span s : body.spans()) if (s.name().equals(MODEL)) return 0;
        Buffer bytes = body.bytes();
        int brace = skipSpace(bytes, 0, 1);
        if (brace >= bytes.length() || bytes.getByte(brace) != '{') return 0;
        int next = skipSpace(bytes, brace + 1, 1);
        out.appendBuffer(bytes, 0, brace + 1).appendBytes(MODEL_KEY).appendBytes(model);
        if (next < bytes.length() && bytes.getByte(next) != '}') out.appendByte((byte) ',');
        return brace + 1;
    }

    /** From {@code i}, stepping by {@code step}, the first index that is not JSON whitespace (or past the end). */
    private static int skipSpace(Buffer b, int i, int step) {
        while (i >= 0 && i < b.length()) {
            byte c = b.getByte(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
            i += step;
        }
        return i;
    }

    private static boolean regionEquals(Buffer b, int start, int end, byte[] what) {
        if (end - start != what.length || end > b.length()) return false;
        for (int i = 0; i < what.length; i++) {
            if (b.getByte(start + i) != what[i]) return false;
        }
        return true;
    }

    /** {@code s} as a JSON string in UTF-8, quotes included. */
    private static byte[] quoted(String s) {
        byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(s);
        byte[] out = new byte[inner.length + 2];
        out[0] = '"';
        System.arraycopy(inner, 0, out, 1, inner.length);
        out[out.length - 1] = '"';
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
