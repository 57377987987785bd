package dev.switchboard.format.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.format.Json;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.GenerationParams;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.ResponseFormat;
import dev.switchboard.model.ToolChoice;
import dev.switchboard.model.ToolSpec;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A canonical request as an OpenAI {@code /chat/completions} body for an OpenAI-compatible upstream, with the
 * upstream's model name. A request that arrived in OpenAI format is re-sent as the client wrote it, with only
 * {@code model} (and the streaming fields) replaced, so fields Switchboard does not model (logit_bias, user,
 * metadata, vendor extensions) reach the upstream unchanged. Streaming requests always ask for usage
 * ({@code stream_options.include_usage}) so the gateway can report it.
 */
public final class OpenAiRequestEncoder {
    private OpenAiRequestEncoder() {}

    public static Buffer encode(ChatRequest r, String upstreamModel) {
        Optional<NativeBody> original = r.nativeBody().filter(b -> b.format() == WireFormat.OPENAI);
        if (original.isPresent()) return reencode(original.get().bytes(), r.stream(), upstreamModel);
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("model", upstreamModel);
            OpenAiMessageEncoder.writeMessages(g, r.messages());
            writeParams(g, r.params());
            if (!r.tools().isEmpty()) writeTools(g, r);
            if (r.responseFormat().isPresent()) writeResponseFormat(g, r.responseFormat().get());
            if (r.stream()) {
                g.writeBooleanField("stream", true);
                g.writeObjectFieldStart("stream_options");
                g.writeBooleanField("include_usage", true);
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    private static Buffer reencode(Buffer bytes, boolean stream, String upstreamModel) {
        if (!stream && AlreadyAsSent.check(bytes, upstreamModel)) return bytes;
        if (stream) {
            Buffer spliced = AlreadyAsSent.withUsage(bytes, upstreamModel);
            if (spliced != null) return spliced;
        }
        return Json.write(g -> {
            try (JsonParser p = Json.parser(bytes)) {
                if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not an object");
                copyReplacing(p, g, stream, upstreamModel);
            } catch (IOException e) {
                // The decoder accepted these bytes, so this is a bug rather than a client error.
                throw new IllegalStateException("OpenAI request body no longer parses", e);
            }
        });
    }

    /**
     * Copies the client's object token by token (numbers exactly as written, fields in their order), with
     * {@code model} replaced and the streaming fields set: {@code stream} and {@code stream_options.include_usage}
     * true for a stream (other stream options kept); for an answer, {@code stream} false if present and no
     * {@code stream_options}.
     */
    private static void copyReplacing(JsonParser p, JsonGenerator g, boolean stream, String upstreamModel)
            throws IOException {
        g.writeStartObject();
        boolean model = false;
        boolean streamField = false;
        boolean options = false;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "model" -> {
                    p.skipChildren();
                    if (!model) g.writeStringField("model", upstreamModel);
                    model = true;
                }
                case "stream" -> {
                    p.skipChildren();
                    if (!streamField) g.writeBooleanField("stream", stream);
                    streamField = true;
                }
                case "stream_options" -> {
                    if (stream && !options) {
                        g.writeFieldName("stream_options");
                        writeStreamOptions(p, g);
                    } else {
                        p.skipChildren();
                    }
                    options = true;
                }
                default -> {
                    g.writeFieldName(name);
                    Json.copyExact(p, g);
                }
            }
        }
        if (!model) g.writeStringField("model", upstreamModel);
        if (stream && !streamField) g.writeBooleanField("stream", true);
        if (stream && !options) {
            g.writeObjectFieldStart("stream_options");
            g.writeBooleanField("include_usage", true);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** The client's stream options (when an object) with {@code include_usage} true. */
    private static void writeStreamOptions(JsonParser p, JsonGenerator g) throws IOException {
        g.writeStartObject();
        if (p.currentToken() == JsonToken.START_OBJECT) {
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                p.nextToken();
                if (name.equals("include_usage")) {
                    p.skipChildren();
                    continue;
                }
                g.writeFieldName(name);
                Json.copyExact(p, g);
            }
        } else {
            p.skipChildren();
        }
        g.writeBooleanField("include_usage", true);
        g.writeEndObject();
    }

    /**
     * Whether a body can go out as the client wrote it: a non-streaming one exactly, when its only
     * {@code "model"} is already the upstream's name and it says nothing about streaming (no {@code "stream"}
     * other than {@code false}, no {@code stream_options}); a streaming one with only the usage option added
     * ({@link #withUsage}). A byte scan, deliberately conservative: any doubt (a second {@code "model"} anywhere,
     * any backslash-u escape, another value) means the body is re-encoded as usual.
     */
    static final class AlreadyAsSent {
        private static final byte[] MODEL = "\"model\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] STREAM = "\"stream".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] STREAM_KEY = "\"stream\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] USAGE_TAIL =
                ",\"stream_options\":{\"include_usage\":true}}".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] UNICODE_ESCAPE = "\\u".getBytes(StandardCharsets.US_ASCII);

        private AlreadyAsSent() {}

        /** Whether the body's bytes already are what the upstream should get (read in place, not copied). */
        static boolean check(Buffer body, String upstreamModel) {
            Json.Bytes b = Json.Bytes.of(body);
            return check(b.array(), b.from(), b.to(), upstreamModel);
        }

        /** The same for {@code b[from, to)}. */
        static boolean check(byte[] b, int from, int to, String upstreamModel) {
            if (!modelIs(b, from, to, upstreamModel)) return false;
            for (int i = indexOf(b, STREAM, from, to); i >= 0; i = indexOf(b, STREAM, i + 1, to)) {
                if (!RawJson.regionEquals(b, i, to, STREAM_KEY)) return false;
                int v = value(b, i + STREAM_KEY.length, to);
                if (v < 0 || !RawJson.regionEquals(b, v, to, FALSE)) return false;
            }
            return true;
        }

        /**
         * A streaming body with {@code "stream_options":{"include_usage":true}} spliced in before its closing
         * brace, when that is all it needs: its only {@code "model"} is already the upstream's name, and the only
         * text starting {@code "stream} in it is the top-level key {@code "stream"} with the value {@code true}
         * (so there are no stream options to keep). Saves parsing the body again and copying it token by token,
         * which a stream's request pays in full when its core comes back to it cold (docs/benchmarks.md, "Stream
         * first byte"). Null when any of that is in doubt; the body is then copied as usual.
         */
        static Buffer withUsage(Buffer body, String upstreamModel) {
            Json.Bytes bytes = Json.Bytes.of(body);
            byte[] b = bytes.array();
            int from = bytes.from();
            int to = bytes.to();
            if (!modelIs(b, from, to, upstreamModel)) return null;
            int key = indexOf(b, STREAM, from, to);
            if (key < 0 || indexOf(b, STREAM, key + 1, to) >= 0 || !RawJson.regionEquals(b, key, to, STREAM_KEY)) return null;
            int v = value(b, key + STREAM_KEY.length, to);
            if (v < 0 || !RawJson.regionEquals(b, v, to, TRUE) || !atTopLevel(b, from, key)) return null;
            int end = RawJson.trimEnd(b, from, to);
            if (end == from || b[end - 1] != '}') return null;
            Buffer out = Buffer.buffer(end - 1 - from + USAGE_TAIL.length);
            out.appendBytes(b, from, end - 1 - from).appendBytes(USAGE_TAIL);
            return out;
        }

        /** Whether the string that opens at {@code at} is a key of the outermost object (not inside a string). */
        private static boolean atTopLevel(byte[] b, int from, int at) {
            int depth = 0;
            boolean inString = false;
            for (int i = from; i < at; i++) {
                byte c = b[i];
                if (inString) {
                    if (c == '\\') i++;
                    else if (c == '"') inString = false;
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
            }
            return !inString && depth == 1;
        }

        /**
         * Whether the body has no backslash-u escape and its one and only {@code "model"} has the upstream's name as
         * its value. Without such escapes the top-level key can only be spelled "model", so a single one is that key.
         */
        private static boolean modelIs(byte[] b, int from, int to, String upstreamModel) {
            if (indexOf(b, UNICODE_ESCAPE, from, to) >= 0) return false;
            int model = indexOf(b, MODEL, from, to);
            if (model < 0 || indexOf(b, MODEL, model + 1, to) >= 0) return false;
            int at = value(b, model + MODEL.length, to);
            byte[] name = ('"' + upstreamModel + '"').getBytes(StandardCharsets.UTF_8);
            return at >= 0 && RawJson.regionEquals(b, at, to, name);
        }

        /** Index of the value after {@code :} (whitespace allowed around it), or -1 when no colon follows. */
        private static int value(byte[] b, int from, int to) {
            int i = RawJson.skipSpace(b, from, to);
            if (i >= to || b[i] != ':') return -1;
            return RawJson.skipSpace(b, i + 1, to);
        }


        private static int indexOf(byte[] b, byte[] what, int from, int to) {
            for (int i = from; i <= to - what.length; i++) {
                if (b[i] == what[0] && RawJson.regionEquals(b, i, to, what)) return i;
            }
            return -1;
        }
    }

    private static void writeParams(JsonGenerator g, GenerationParams p) throws IOException {
        if (p.temperature().isPresent()) g.writeNumberField("temperature", p.temperature().getAsDouble());
        if (p.topP().isPresent()) g.writeNumberField("top_p", p.topP().getAsDouble());
        if (p.maxTokens().isPresent()) g.writeNumberField("max_tokens", p.maxTokens().getAsInt());
        if (!p.stop().isEmpty()) {
            g.writeArrayFieldStart("stop");
            for (String s : p.stop()) g.writeString(s);
            g.writeEndArray();
        }
        if (p.candidateCount().isPresent()) g.writeNumberField("n", p.candidateCount().getAsInt());
        if (p.presencePenalty().isPresent()) g.writeNumberField("presence_penalty", p.presencePenalty().getAsDouble());
        if (p.frequencyPenalty().isPresent()) g.writeNumberField("frequency_penalty", p.frequencyPenalty().getAsDouble());
        if (p.seed().isPresent()) g.writeNumberField("seed", p.seed().getAsLong());
        if (p.reasoningEffort().isPresent()) g.writeStringField("reasoning_effort", p.reasoningEffort().get());
        // top_k has no OpenAI field; compatible servers that know it take it only as a vendor extension.
    }

    private static void writeTools(JsonGenerator g, ChatRequest r) throws IOException {
        g.writeArrayFieldStart("tools");
        for (ToolSpec t : r.tools()) {
            g.writeStartObject();
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", t.name());
            if (t.description().isPresent()) g.writeStringField("description", t.description().get());
            if (t.parameters().isPresent()) {
                Json.writeField(g, "parameters", t.parameters().get());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        if (r.toolChoice().isPresent()) writeToolChoice(g, r.toolChoice().get());
    }

    private static void writeToolChoice(JsonGenerator g, ToolChoice c) throws IOException {
        if (c.mode() == ToolChoice.Mode.REQUIRED && c.allowedNames().size() == 1) {
            g.writeObjectFieldStart("tool_choice");
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", c.allowedNames().getFirst());
            g.writeEndObject();
            g.writeEndObject();
            return;
        }
        g.writeStringField("tool_choice", switch (c.mode()) {
            case AUTO -> "auto";
            case NONE -> "none";
            case REQUIRED -> "required";
        });
    }

    private static void writeResponseFormat(JsonGenerator g, ResponseFormat f) throws IOException {
        g.writeObjectFieldStart("response_format");
        switch (f.kind()) {
            case TEXT -> g.writeStringField("type", "text");
            case JSON_OBJECT -> g.writeStringField("type", "json_object");
            case JSON_SCHEMA -> {
                g.writeStringField("type", "json_schema");
                g.writeObjectFieldStart("json_schema");
                g.writeStringField("name", "response");
                if (f.schema().isPresent()) {
                    Json.writeField(g, "schema", f.schema().get());
                }
                g.writeEndObject();
            }
        }
        g.writeEndObject();
    }
}
