package dev.switchboard.format.openai;

import static dev.switchboard.format.JsonTokens.asInt;
import static dev.switchboard.format.JsonTokens.scalarText;
import static dev.switchboard.format.JsonTokens.skip;
import static dev.switchboard.format.JsonTokens.skipOr;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.format.JsonTokens;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An OpenAI-compatible upstream's {@code chat.completion} or one {@code chat.completion.chunk} (same shape, with
 * {@code delta} where a completion has {@code message}), read straight from the parser's tokens with no JSON
 * tree in between. Read leniently, as a tree's {@code path(...).asText(...)} would: a field of an unexpected
 * type counts as absent, numbers given as strings are read, and fields not listed here are skipped. Of
 * duplicate fields the last wins. Only an in-band {@code error} object is kept as a tree (rare, and its
 * fields vary by server).
 *
 * <p>{@code spans} are where the fields {@link OpenAiRelay} may rewrite sit in the bytes: the top-level
 * {@code model} value, the whole {@code usage} member, each choice's {@code finish_reason} string and the key
 * of a {@code reasoning} field that has no {@code reasoning_content} beside it; and, first and empty, an
 * {@code id}, {@code object} or {@code created} the body lacks.
 */
record OpenAiAnswerReader(Optional<String> id, String model, long created, boolean hasChoices, List<ChoiceData> choices,
                          Optional<Usage> usage, Optional<JsonNode> error, List<NativeBody.Span> spans) {

    /**
     * One choice: the text of its {@code message} or {@code delta} and its tool calls (or pieces of them).
     * {@code index} is -1 when the choice did not say.
     */
    record ChoiceData(int index, String reasoning, String content, List<CallData> calls, Optional<FinishReason> finish) {
        /** The choice's own {@code index}, or its position among the choices when it gave none. */
        int indexOr(int position) {
            return index >= 0 ? index : position;
        }

        /** Reasoning, then visible text, appended to {@code out}. */
        void textParts(List<Part> out) {
            if (!reasoning.isEmpty()) out.add(Part.Reasoning.of(reasoning));
            if (!content.isEmpty()) out.add(Part.Text.of(content));
        }
    }

    /**
     * One tool call, or in a stream a piece of one: {@code index} -1, {@code id} "" and {@code name} null when
     * absent; {@code arguments} as sent when a string, as compact JSON when an object, else null.
     * {@code place} is where its parts sit in the bytes, for the patches {@link OpenAiRelay#patchCall} makes.
     */
    record CallData(int index, String id, String name, String arguments, Place place) {}

    /**
     * Where a tool call's parts sit in the body: {@code at} just after its opening brace ({@code empty} when it
     * has no member at all), {@code [indexStart, indexEnd)} its {@code index} value, {@code typed} and
     * {@code hasFunction} whether it has a {@code type} and a {@code function}, {@code [argumentsStart,
     * argumentsEnd)} its arguments when given as an object instead of a string, {@code [idStart, idEnd)} and
     * {@code [nameStart, nameEnd)} the values of its {@code id} and function {@code name}. Starts are -1 for
     * what is absent.
     */
    record Place(int at, boolean empty, int indexStart, int indexEnd, boolean typed, boolean hasFunction,
                 int argumentsStart, int argumentsEnd, int idStart, int idEnd, int nameStart, int nameEnd) {}

    static OpenAiAnswerReader read(Buffer body, String what) {
        return Json.readObject(body, ErrorKind.UPSTREAM, what, OpenAiAnswerReader::root);
    }

    private static OpenAiAnswerReader root(JsonParser p) throws IOException {
        int afterBrace = start(p) + 1;
        boolean hasId = false;
        boolean hasObject = false;
        boolean hasCreated = false;
        Optional<String> id = Optional.empty();
        String model = "";
        long created = 0;
        boolean hasChoices = false;
        List<ChoiceData> choices = List.of();
        Optional<Usage> usage = Optional.empty();
        Optional<JsonNode> error = Optional.empty();
        List<NativeBody.Span> spans = new ArrayList<>(4);
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            int nameAt = start(p);
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> {
                    hasId = true;
                    id = Optional.ofNullable(scalarText(p, t, null));
                }
                case "model" -> {
                    int valueAt = start(p);
                    model = scalarText(p, t, "");
                    spans.add(new NativeBody.Span(OpenAiRelay.MODEL, 0, valueAt, end(p)));
                }
                case "object" -> {
                    hasObject = true;
                    p.skipChildren();
                }
                case "created" -> {
                    hasCreated = true;
                    created = t.isNumeric() || t == JsonToken.VALUE_STRING ? p.getValueAsLong(0) : skipOr(p, 0L);
                }
                case "choices" -> {
                    hasChoices = true;
                    choices = t == JsonToken.START_ARRAY ? choices(p, spans) : skipOr(p, List.of());
                }
                case "usage" -> {
                    usage = t == JsonToken.START_OBJECT ? Optional.of(usage(p)) : skip(p);
                    spans.add(new NativeBody.Span(OpenAiRelay.USAGE, 0, nameAt, end(p)));
                }
                case "error" -> error = t == JsonToken.START_OBJECT ? Optional.of(Json.readObject(p)) : skip(p);
                default -> p.skipChildren();
            }
        }
        // What OpenAI's SDKs require of every answer and chunk and some servers leave out (the model is the MODEL span's).
        if (!hasCreated) spans.addFirst(new NativeBody.Span(OpenAiRelay.NO_CREATED, 0, afterBrace, afterBrace));
        if (!hasObject) spans.addFirst(new NativeBody.Span(OpenAiRelay.NO_OBJECT, 0, afterBrace, afterBrace));
        if (!hasId) spans.addFirst(new NativeBody.Span(OpenAiRelay.NO_ID, 0, afterBrace, afterBrace));
        return new OpenAiAnswerReader(id, model, created, hasChoices, choices, usage, error, spans);
    }

    /** The choices array's objects (the parser at its {@code START_ARRAY}); other elements are skipped. */
    private static List<ChoiceData> choices(JsonParser p, List<NativeBody.Span> spans) throws IOException {
        List<ChoiceData> out = new ArrayList<>(1);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.START_OBJECT) out.add(choice(p, out.size(), spans));
            else p.skipChildren();
        }
        return out;
    }

    private static ChoiceData choice(JsonParser p, int position, List<NativeBody.Span> spans) throws IOException {
        int index = -1;
        Optional<FinishReason> finish = Optional.empty();
        String[] text = {"", "", "", "", ""};   // reasoning_content, reasoning, content, refusal, thinking parts
        List<CallData> calls = List.of();
        // Where finish_reason's value and a reasoning key sit; the choice's index may come after them.
        int[] at = {-1, -1, -1};
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "index" -> index = asInt(p, t, -1);
                case "finish_reason" -> {
                    finish = t == JsonToken.VALUE_STRING ? OpenAiFinishReasons.decode(p.getText()) : skip(p);
                    if (t == JsonToken.VALUE_STRING) {
                        at[0] = start(p);
                        at[1] = end(p);
                    }
                }
                case "message", "delta" -> {
                    if (t == JsonToken.START_OBJECT) calls = message(p, text, at, spans, position);
                    else p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        int choiceIndex = index >= 0 ? index : position;
        addChoiceSpans(spans, choiceIndex, at);
        String reasoning = !text[0].isEmpty() ? text[0] : !text[1].isEmpty() ? text[1] : text[4];
        String content = text[2].isEmpty() ? text[3] : text[2];
        return new ChoiceData(index, reasoning, content, calls, finish);
    }

    /** The choice's spans, in byte order among the others: {@code at} holds finish_reason's [start, end) and the reasoning key's start. */
    private static void addChoiceSpans(List<NativeBody.Span> spans, int choice, int[] at) {
        if (at[0] >= 0) OpenAiRelay.insert(spans, new NativeBody.Span(OpenAiRelay.FINISH_REASON, choice, at[0], at[1]));
        if (at[2] >= 0) {
            OpenAiRelay.insert(spans, new NativeBody.Span(OpenAiRelay.REASONING_KEY, choice, at[2],
                    at[2] + OpenAiRelay.REASONING_KEY_BYTES));
        }
    }

    /** Where the current token begins, in bytes from the start of the body. */
    private static int start(JsonParser p) {
        return (int) p.currentTokenLocation().getByteOffset();
    }

    /** Where the current value ends (a string read to its closing quote first). */
    private static int end(JsonParser p) throws IOException {
        p.finishToken();
        return (int) p.currentLocation().getByteOffset();
    }

    /**
     * A message's or delta's text fields into {@code text}; its tool calls returned. The start of a
     * {@code reasoning} key goes to {@code at[2]} when the message has no {@code reasoning_content}.
     *
     * <p>{@code content} given as an array of parts (Mistral's, with {@code thinking} parts beside {@code text}
     * ones) is read as its text, and its thinking as reasoning; for OpenAI's clients, which read a string, the
     * array becomes that text, followed by a {@code reasoning_content} member with the thinking when the message
     * has no reasoning of its own (a patch span in {@code spans}, choice {@code choice}).
     */
    private static List<CallData> message(JsonParser p, String[] text, int[] at, List<NativeBody.Span> spans, int choice)
            throws IOException {
        List<CallData> calls = List.of();
        int reasoningKey = -1;
        boolean reasoningContent = false;
        int contentStart = -1;
        int contentEnd = -1;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            if (name.equals("reasoning")) reasoningKey = start(p);
            JsonToken t = p.nextToken();
            switch (name) {
                case "reasoning_content" -> {
                    text[0] = text(p, t);
                    reasoningContent = true;
                }
                case "reasoning" -> text[1] = text(p, t);
                case "content" -> {
                    if (t == JsonToken.START_ARRAY) {
                        contentStart = start(p);
                        StringBuilder thinking = new StringBuilder(0);
                        text[2] = parts(p, thinking);
                        text[4] = thinking.toString();
                        contentEnd = end(p);
                    } else {
                        text[2] = text(p, t);
                        contentStart = -1;
                    }
                }
                case "refusal" -> text[3] = text(p, t);
                case "tool_calls" -> {
                    if (t == JsonToken.START_ARRAY) calls = JsonTokens.objects(p, OpenAiAnswerReader::call);
                    else p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        if (!reasoningContent) at[2] = reasoningKey;
        if (contentStart >= 0) {
            String value = OpenAiRelay.quoted(text[2]);
            if (!text[4].isEmpty() && !reasoningContent && reasoningKey < 0) {
                value += ",\"reasoning_content\":" + OpenAiRelay.quoted(text[4]);
            }
            OpenAiRelay.insert(spans, new NativeBody.Span(OpenAiRelay.PATCH, choice, contentStart, contentEnd, value));
        }
        return calls;
    }

    private static CallData call(JsonParser p) throws IOException {
        int at = start(p) + 1;
        boolean empty = true;
        boolean typed = false;
        boolean hasFunction = false;
        int index = -1;
        int[] where = {-1, -1, -1, -1, -1, -1, -1, -1};   // index, arguments object, id, name: [start, end) of each value
        String id = "";
        String[] fn = {null, null};   // name, arguments
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            empty = false;
            JsonToken t = p.nextToken();
            switch (name) {
                case "index" -> {
                    where[0] = start(p);
                    index = asInt(p, t, -1);
                    where[1] = end(p);
                }
                case "id" -> {
                    where[4] = start(p);
                    id = scalarText(p, t, "");
                    where[5] = end(p);
                }
                case "type" -> {
                    typed = true;
                    p.skipChildren();
                }
                case "function" -> {
                    hasFunction = true;
                    if (t == JsonToken.START_OBJECT) function(p, fn, where);
                    else p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        Place place = new Place(at, empty, where[0], where[1], typed, hasFunction, where[2], where[3], where[4], where[5],
                where[6], where[7]);
        return new CallData(index, id, fn[0], fn[1], place);
    }

    private static void function(JsonParser p, String[] fn, int[] where) throws IOException {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "name" -> {
                    where[6] = start(p);
                    fn[0] = JsonTokens.string(p, t, null);
                    where[7] = end(p);
                }
                case "arguments" -> {
                    if (t == JsonToken.START_OBJECT) {
                        where[2] = start(p);
                        fn[1] = Json.copyToString(p);
                        where[3] = end(p);
                    } else {
                        fn[1] = t == JsonToken.VALUE_STRING ? p.getText() : skipOr(p, null);
                        where[2] = -1;
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private static Usage usage(JsonParser p) throws IOException {
        int prompt = 0, completion = 0, total = -1, reasoning = 0, cached = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "prompt_tokens" -> prompt = asInt(p, t, 0);
                case "completion_tokens" -> completion = asInt(p, t, 0);
                case "total_tokens" -> total = asInt(p, t, -1);
                case "completion_tokens_details" -> reasoning = t == JsonToken.START_OBJECT
                        ? detail(p, "reasoning_tokens") : skipOr(p, 0);
                case "prompt_tokens_details" -> cached = t == JsonToken.START_OBJECT
                        ? detail(p, "cached_tokens") : skipOr(p, 0);
                default -> p.skipChildren();
            }
        }
        return new Usage(prompt, completion, total >= 0 ? total : prompt + completion, reasoning, cached);
    }

    /** One count of a details object (0 when absent), the rest skipped. */
    private static int detail(JsonParser p, String wanted) throws IOException {
        int value = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            if (name.equals(wanted)) value = asInt(p, t, 0);
            else p.skipChildren();
        }
        return value;
    }

    /** A string, or the concatenated text of an array of content parts (see {@link #parts}); "" otherwise. */
    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) return p.getText();
        if (t != JsonToken.START_ARRAY) return skipOr(p, "");
        return parts(p, null);
    }

    /**
     * The concatenated text of an array of content parts (the parser at its {@code START_ARRAY}): strings and
     * the {@code text} of objects; the text of a {@code thinking} part (a string, or an array of such parts) goes
     * to {@code thinking} when given, else is skipped. Other parts are skipped.
     */
    private static String parts(JsonParser p, StringBuilder thinking) throws IOException {
        StringBuilder b = new StringBuilder();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e == JsonToken.VALUE_STRING) {
                b.append(p.getText());
            } else if (e == JsonToken.START_OBJECT) {
                String partText = "";
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    JsonToken v = p.nextToken();
                    if (name.equals("text") && v == JsonToken.VALUE_STRING) partText = p.getText();
                    else if (name.equals("thinking") && thinking != null) thinking.append(text(p, v));
                    else p.skipChildren();
                }
                b.append(partText);
            } else {
                p.skipChildren();
            }
        }
        return b.toString();
    }
}
