package dev.switchboard.format.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.switchboard.format.Json;
import dev.switchboard.model.NativeBody;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The same-format shortcut for answers: an OpenAI-compatible upstream's {@code chat.completion} or chunk goes to
 * an OpenAI client as the bytes it came in, so what the canonical model does not carry reaches the client as
 * the upstream sent it: {@code logprobs}, {@code refusal}, {@code system_fingerprint}, {@code service_tier},
 * {@code annotations}, vendor fields, tool calls streamed in pieces. Only these are rewritten, spliced in at the
 * spans {@link OpenAiAnswerReader} recorded:
 * <ul>
 *   <li>{@code model}: the name the client asked for (written first when the upstream left it out, as are an
 *       {@code id}, {@code object} and {@code created} it left out, which OpenAI's SDKs require);</li>
 *   <li>{@code usage}: removed (with its comma) when a streaming client did not ask for it, since the gateway
 *       asks every upstream stream for it;</li>
 *   <li>{@code finish_reason}: in OpenAI's vocabulary as the canonical path would say it ({@code end_turn} is
 *       "stop", "stop" after a tool call is "tool_calls");</li>
 *   <li>a {@code reasoning} key with no {@code reasoning_content} beside it becomes {@code reasoning_content},
 *       the field the gateway's OpenAI answers carry reasoning in;</li>
 *   <li>tool calls get what OpenAI's clients rely on and some compatible servers leave out ({@link #patchCall}):
 *       a streamed piece its {@code index} and {@code function}, a call its {@code id} and {@code type},
 *       arguments sent as an object become the string of it.</li>
 * </ul>
 */
final class OpenAiRelay {
    static final String MODEL = "model";
    static final String USAGE = "usage";
    static final String FINISH_REASON = "finish_reason";
    static final String REASONING_KEY = "reasoning";
    /** A span whose {@code value} the decoder worked out: written in its place as it is. */
    static final String PATCH = "patch";
    /** Empty spans saying the body has no {@code id}, {@code object} or {@code created}. */
    static final String NO_ID = "no id";
    static final String NO_OBJECT = "no object";
    static final String NO_CREATED = "no created";
    private static final byte[] ID_KEY = ascii("\"id\":");
    private static final byte[] OBJECT_KEY = ascii("\"object\":");
    private static final byte[] CREATED_KEY = ascii("\"created\":");
    private static final byte[] REASONING = ascii("\"reasoning\"");
    static final int REASONING_KEY_BYTES = REASONING.length;
    private static final byte[] REASONING_CONTENT = ascii("\"reasoning_content\"");
    private static final byte[] FUNCTION_CALL = ascii("\"function_call\"");
    private static final byte[] NOTHING = new byte[0];
    private static final byte[] MODEL_KEY = ascii("\"model\":");

    /** The client's model name as a JSON string. */
    private final byte[] model;
    /** {@code object} and {@code created} for bodies that lack them, as JSON. */
    private final byte[] object;
    private final byte[] created;

    /** {@code object} and {@code created}: what a body without them says (the canonical path's values). */
    OpenAiRelay(String clientModel, String object, long created) {
        this.model = quotedUtf8(clientModel);
        this.object = quotedUtf8(object);
        this.created = ascii(Long.toString(created));
    }

    /**
     * Appends {@code body}'s bytes to {@code out}, rewritten as above. {@code finish} gives the finish reason
     * the client should read for a choice, or null to leave the upstream's; {@code id} is what a body without
     * one says.
     */
    void append(Buffer out, NativeBody body, boolean dropUsage, IntFunction<String> finish, String id) {
        Json.Bytes raw = Json.Bytes.of(body.bytes());
        byte[] b = raw.array();
        int from = raw.from();
        int to = raw.to();
        int pos = withHeader(out, body, b, from, to, id);
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
                    replacement = quotedUtf8(wanted);
                    if (holds(b, start, end, replacement)) continue;
                }
                case REASONING_KEY -> {
                    if (!holds(b, start, end, REASONING)) continue;
                    replacement = REASONING_CONTENT;
                }
                case PATCH -> replacement = s.value().getBytes(StandardCharsets.UTF_8);
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
     * Where copying starts in {@code b}: {@code from}, or, for a body that lacks any of {@code id},
     * {@code object}, {@code created} and {@code model}, just after its opening brace, with those it lacks written
     * first, in that order.
     */
    private int withHeader(Buffer out, NativeBody body, byte[] b, int from, int to, String id) {
        boolean noModel = true;
        boolean noId = false;
        boolean noObject = false;
        boolean noCreated = false;
        for (NativeBody.Span s : body.spans()) {
            switch (s.name()) {
                case MODEL -> noModel = false;
                case NO_ID -> noId = true;
                case NO_OBJECT -> noObject = true;
                case NO_CREATED -> noCreated = true;
                default -> { }
            }
        }
        if (!(noModel || noId || noObject || noCreated)) return from;
        int brace = RawJson.skipSpace(b, from, to);
        if (brace >= to || b[brace] != '{') return from;
        int next = RawJson.skipSpace(b, brace + 1, to);
        out.appendBytes(b, from, brace + 1 - from);
        boolean first = true;
        if (noId) first = member(out, first, ID_KEY, quotedUtf8(id));
        if (noObject) first = member(out, first, OBJECT_KEY, object);
        if (noCreated) first = member(out, first, CREATED_KEY, created);
        if (noModel) member(out, first, MODEL_KEY, model);
        if (next < to && b[next] != '}') out.appendByte((byte) ',');
        return brace + 1;
    }

    /** {@code "key":value}, after a comma unless it is the {@code first}; answers false. */
    private static boolean member(Buffer out, boolean first, byte[] key, byte[] value) {
        if (!first) out.appendByte((byte) ',');
        out.appendBytes(key).appendBytes(value);
        return false;
    }

    /**
     * Adds to {@code spans} the patches tool call {@code call} of choice {@code choice} needs for OpenAI's
     * clients, which index a stream's pieces by {@code index} (the Python SDK's stream helper fails without it)
     * and send a call's {@code id} back with its result:
     * <ul>
     *   <li>{@code clientIndex} (streams; -1 for a whole answer's message) written as its {@code index} when
     *       it has none or another (a server that numbers every call 0);</li>
     *   <li>{@code newId}, when not null, written as its {@code id}, and {@code "type":"function"} when
     *       {@code starts} (a stream's first piece of a call, or any call of a whole answer) and it has no type;</li>
     *   <li>an empty {@code function} when it has none (Gemini sends a piece of nothing but a thought signature;
     *       OpenAI's Java SDK and Vercel's AI SDK reject a piece without {@code function});</li>
     *   <li>on a later piece of a call (not {@code starts}), null for an {@code id} there, and for a function
     *       {@code name} when {@code named} (the call has had one): Fireworks, DeepSeek and Qwen repeat them on
     *       every piece, and OpenAI's Python SDK, LangChain and others join a call's strings across pieces, so
     *       the id and name would come out doubled;</li>
     *   <li>arguments given as an object written as the JSON string of it.</li>
     * </ul>
     * {@code spans} stays in byte order.
     */
    static void patchCall(List<NativeBody.Span> spans, OpenAiAnswerReader.CallData call, int choice, int clientIndex,
                          boolean starts, boolean named, String newId) {
        OpenAiAnswerReader.Place at = call.place();
        StringBuilder members = new StringBuilder(0);
        if (clientIndex >= 0) {
            if (at.indexStart() < 0) {
                members.append("\"index\":").append(clientIndex);
            } else if (call.index() != clientIndex) {
                insert(spans, new NativeBody.Span(PATCH, choice, at.indexStart(), at.indexEnd(), Integer.toString(clientIndex)));
            }
        }
        if (newId != null) member(members, "\"id\":").append(quoted(newId));
        if (starts && !at.typed()) member(members, "\"type\":\"function\"");
        if (!at.hasFunction()) member(members, "\"function\":{}");
        if (!members.isEmpty()) {
            if (!at.empty()) members.append(',');
            insert(spans, new NativeBody.Span(PATCH, choice, at.at(), at.at(), members.toString()));
        }
        if (!starts && at.idStart() >= 0) insert(spans, new NativeBody.Span(PATCH, choice, at.idStart(), at.idEnd(), "null"));
        if (!starts && named && at.nameStart() >= 0) insert(spans, new NativeBody.Span(PATCH, choice, at.nameStart(), at.nameEnd(), "null"));
        if (at.argumentsStart() >= 0) {
            insert(spans, new NativeBody.Span(PATCH, choice, at.argumentsStart(), at.argumentsEnd(), quoted(call.arguments())));
        }
    }

    private static StringBuilder member(StringBuilder members, String text) {
        return (members.isEmpty() ? members : members.append(',')).append(text);
    }

    /** {@code span} into {@code spans} before the first that starts after it. */
    static void insert(List<NativeBody.Span> spans, NativeBody.Span span) {
        int i = spans.size();
        while (i > 0 && spans.get(i - 1).start() > span.start()) i--;
        spans.add(i, span);
    }

    /** Whether {@code b[start, end)} is exactly {@code what}. */
    private static boolean holds(byte[] b, int start, int end, byte[] what) {
        return end - start == what.length && RawJson.regionEquals(b, start, end, what);
    }

    /** {@code s} as a JSON string, quotes included. */
    static String quoted(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }

    /** {@code s} as a JSON string in UTF-8, quotes included. */
    private static byte[] quotedUtf8(String s) {
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
