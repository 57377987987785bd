package dev.switchboard.format.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.switchboard.format.Json;
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
        Json.Bytes raw = Json.Bytes.of(body.bytes());
        byte[] b = raw.array();
        int from = raw.from();
        int to = raw.to();
        int pos = withModel(out, body, b, from, to);
        for (NativeBody.Span s : body.spans()) {
            int start = from + s.start();
            int end = from + s.end();
            byte[] replacement;
            switch (s.name()) {
                case MODEL -> {
                    if (holds(b, start, end, model)) continue;
                    replacement = model;
                }
                case USAGE -> {
                    if (!dropUsage) continue;
                    int after = RawJson.skipSpace(b, end, to);
                    if (after < to && b[after] == ',') {
                        end = RawJson.skipSpace(b, after + 1, to);
                    } else {
                        int before = RawJson.trimEnd(b, from, start) - 1;
                        if (before >= from && b[before] == ',') start = before;
                    }
                    replacement = NOTHING;
                }
                case FINISH_REASON -> {
                    String wanted = finish.apply(s.choice());
                    // function_call is OpenAI's own (legacy functions), and its message carries function_call.
                    if (wanted == null || holds(b, start, end, FUNCTION_CALL)) continue;
                    replacement = quoted(wanted);
                    if (holds(b, start, end, replacement)) continue;
                }
                case REASONING_KEY -> {
                    if (!holds(b, start, end, REASONING)) continue;
                    replacement = REASONING_CONTENT;
                }
                default -> {
                    continue;
                }
            }
            out.appendBytes(b, pos, start - pos).appendBytes(replacement);
            pos = end;
        }
        out.appendBytes(b, pos, to - pos);
    }

    /**
     * Where copying starts in {@code b}: {@code from}, or, for a body that has no {@code model} at all, just after
     * its opening brace, with the client's model name written as its first field.
     */
    private int withModel(Buffer out, NativeBody body, byte[] b, int from, int to) {
        for (NativeBody.Span s : body.spans()) if (s.name().equals(MODEL)) return from;
        int brace = RawJson.skipSpace(b, from, to);
        if (brace >= to || b[brace] != '{') return from;
        int next = RawJson.skipSpace(b, brace + 1, to);
        out.appendBytes(b, from, brace + 1 - from).appendBytes(MODEL_KEY).appendBytes(model);
        if (next < to && b[next] != '}') out.appendByte((byte) ',');
        return brace + 1;
    }

    /** Whether {@code b[start, end)} is exactly {@code what}. */
    private static boolean holds(byte[] b, int start, int end, byte[] what) {
        return end - start == what.length && RawJson.regionEquals(b, start, end, what);
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
