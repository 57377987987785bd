package dev.switchboard.format.gemini;

import static dev.switchboard.format.JsonTokens.asInt;
import static dev.switchboard.format.JsonTokens.scalarText;
import static dev.switchboard.format.JsonTokens.skip;
import static dev.switchboard.format.JsonTokens.skipOr;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.format.CallIds;
import dev.switchboard.format.Json;
import dev.switchboard.format.JsonTokens;
import dev.switchboard.model.Choice;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a {@code GenerateContentResponse}: a whole answer, or one stream event (same shape). The answer is read
 * straight from the parser's tokens into the canonical records, with no JSON tree in between. Upstream JSON is
 * read leniently: a field of an unexpected type is treated as absent rather than failing the answer, and fields
 * not listed here are skipped.
 */
record GeminiAnswerDecoder(Optional<String> responseId, Optional<String> modelVersion, Optional<String> createTime,
                           boolean hasCandidates, List<Choice> choices, Optional<Usage> usage,
                           Optional<String> blockReason, Optional<StreamError> error) {

    /** An {@code error} object where an answer was expected (Gemini's way of failing mid-stream). */
    record StreamError(int code, String message) {}

    static GeminiAnswerDecoder read(Buffer bytes) {
        try {
            return Json.readObject(bytes, ErrorKind.UPSTREAM, "upstream answer", GeminiAnswerDecoder::root);
        } catch (GatewayException e) {
            // The parser's detail is about the upstream's bytes; the client only needs to know whose fault it is.
            throw invalid();
        }
    }

    private static GatewayException invalid() {
        return new GatewayException(ErrorKind.UPSTREAM, "upstream sent invalid JSON");
    }

    /** The answer's own time ({@code createTime}, sent by Vertex AI), else the time of decoding. */
    long createdEpochSeconds() {
        if (createTime.isPresent()) {
            try {
                return Instant.parse(createTime.get()).getEpochSecond();
            } catch (DateTimeParseException e) {
                // fall through to now
            }
        }
        return Instant.now().getEpochSecond();
    }

    String responseIdOrNew() {
        return responseId.orElseGet(() -> CallIds.randomAlphanumeric(24));
    }

    private static GeminiAnswerDecoder root(JsonParser p) throws IOException {
        Optional<String> id = Optional.empty(), model = Optional.empty(), created = Optional.empty();
        Optional<String> blockReason = Optional.empty();
        Optional<Usage> usage = Optional.empty();
        Optional<StreamError> error = Optional.empty();
        List<Choice> choices = List.of();
        boolean hasCandidates = false;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "candidates" -> {
                    hasCandidates = true;
                    if (t == JsonToken.START_ARRAY) choices = candidates(p);
                    else p.skipChildren();
                }
                case "usageMetadata" -> usage = t == JsonToken.START_OBJECT ? Optional.of(usage(p)) : skip(p);
                case "promptFeedback" -> blockReason = t == JsonToken.START_OBJECT ? blockReason(p) : skip(p);
                case "responseId" -> id = string(p, t);
                case "modelVersion" -> model = string(p, t);
                case "createTime" -> created = string(p, t);
                case "error" -> error = t == JsonToken.START_OBJECT ? Optional.of(error(p)) : skip(p);
                default -> p.skipChildren();
            }
        }
        return new GeminiAnswerDecoder(id, model, created, hasCandidates, choices, usage, blockReason, error);
    }

    /** A candidate without an {@code index} takes its position among the candidates. */
    private static List<Choice> candidates(JsonParser p) throws IOException {
        List<Choice> out = new ArrayList<>(1);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.START_OBJECT) out.add(candidate(p, out.size()));
            else p.skipChildren();
        }
        return out;
    }

    private static Choice candidate(JsonParser p, int position) throws IOException {
        int index = position;
        List<Part> parts = new ArrayList<>(2);
        Optional<FinishReason> finish = Optional.empty();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "index" -> index = asInt(p, t, position);
                case "content" -> {
                    if (t == JsonToken.START_OBJECT) content(p, parts);
                    else p.skipChildren();
                }
                case "finishReason" -> finish = t == JsonToken.VALUE_STRING
                        ? Optional.of(GeminiFinishReasons.decode(p.getText())) : skip(p);
                default -> p.skipChildren();
            }
        }
        boolean sawToolCall = false;
        for (Part part : parts) sawToolCall |= part instanceof Part.ToolCall;
        if (sawToolCall && finish.equals(Optional.of(FinishReason.STOP))) finish = Optional.of(FinishReason.TOOL_CALLS);
        return new Choice(index, parts, finish);
    }

    private static void content(JsonParser p, List<Part> parts) throws IOException {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            if (name.equals("parts") && t == JsonToken.START_ARRAY) {
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    if (e != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    Optional<Part> part = part(p);
                    if (part.isPresent()) parts.add(part.get());
                }
            } else {
                p.skipChildren();
            }
        }
    }

    /**
     * One part. Its fields may come in any order (a signature after the text), so they are gathered first. Code
     * execution results have no canonical part; they become markdown code blocks in the text, which is how chat
     * UIs show them and keeps the answer's order intact.
     */
    private static Optional<Part> part(JsonParser p) throws IOException {
        String text = null;
        boolean thought = false;
        Optional<String> signature = Optional.empty();
        String[] call = null;           // id (or null), name, arguments
        String[] inline = null;         // mimeType, data
        String[] file = null;           // mimeType (or null), fileUri
        String[] code = null;           // language, code
        String output = null;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "text" -> text = t == JsonToken.VALUE_NULL ? null : scalarText(p, t, "");
                case "thought" -> thought = !t.isStructStart() && p.getValueAsBoolean(false);
                case "thoughtSignature" -> signature = string(p, t);
                case "functionCall" -> call = t == JsonToken.START_OBJECT ? functionCall(p) : skipOr(p, null);
                case "inlineData" -> inline = t == JsonToken.START_OBJECT ? fields(p, "mimeType", "data") : skipOr(p, null);
                case "fileData" -> file = t == JsonToken.START_OBJECT ? fields(p, "mimeType", "fileUri") : skipOr(p, null);
                case "executableCode" -> code = t == JsonToken.START_OBJECT ? fields(p, "language", "code") : skipOr(p, null);
                case "codeExecutionResult" -> {
                    String[] result = t == JsonToken.START_OBJECT ? fields(p, "output") : skipOr(p, null);
                    if (result != null) output = orEmpty(result[0]);
                }
                default -> p.skipChildren();
            }
        }
        if (text != null) return Optional.of(thought ? new Part.Reasoning(text, signature) : new Part.Text(text, signature));
        if (call != null) {
            String id = call[0] != null && !call[0].isEmpty() ? call[0] : CallIds.newToolCallId();
            return Optional.of(new Part.ToolCall(id, orEmpty(call[1]), call[2], signature));
        }
        if (inline != null) return Optional.of(new Part.InlineData(orEmpty(inline[0]), orEmpty(inline[1])));
        if (file != null) {
            return Optional.of(new Part.FileData(Optional.ofNullable(file[0]).filter(m -> !m.isEmpty()), orEmpty(file[1])));
        }
        if (code != null) {
            String language = orEmpty(code[0]).toLowerCase(Locale.ROOT);
            return Optional.of(Part.Text.of("\n```" + language + "\n" + orEmpty(code[1]) + "\n```\n"));
        }
        if (output != null) return Optional.of(Part.Text.of("\n```output\n" + output + "\n```\n"));
        // A part holding only a signature (Gemini sometimes sends one after the text) must not be lost.
        return signature.map(s -> new Part.Text("", Optional.of(s)));
    }

    /** {@code id}, {@code name}, and {@code args} as compact JSON text ({@code {}} unless it is an object). */
    private static String[] functionCall(JsonParser p) throws IOException {
        String[] call = {null, null, "{}"};
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> call[0] = JsonTokens.string(p, t, null);
                case "name" -> call[1] = scalarText(p, t, "");
                case "args" -> {
                    if (t == JsonToken.START_OBJECT) call[2] = Json.copyToString(p);
                    else p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        return call;
    }

    /** The named fields of an object as text (null where absent), the rest skipped. */
    private static String[] fields(JsonParser p, String... names) throws IOException {
        String[] values = new String[names.length];
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            int i = 0;
            while (i < names.length && !names[i].equals(name)) i++;
            if (i < names.length) values[i] = scalarText(p, t, "");
            else p.skipChildren();
        }
        return values;
    }

    /** Completion tokens include thoughts, as OpenAI counts them. */
    private static Usage usage(JsonParser p) throws IOException {
        int prompt = 0, candidates = 0, thoughts = 0, cached = 0, total = -1;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "promptTokenCount" -> prompt = asInt(p, t, 0);
                case "candidatesTokenCount" -> candidates = asInt(p, t, 0);
                case "thoughtsTokenCount" -> thoughts = asInt(p, t, 0);
                case "totalTokenCount" -> total = asInt(p, t, -1);
                case "cachedContentTokenCount" -> cached = asInt(p, t, 0);
                default -> p.skipChildren();
            }
        }
        return new Usage(prompt, candidates + thoughts, total >= 0 ? total : prompt + candidates + thoughts, thoughts, cached);
    }

    private static Optional<String> blockReason(JsonParser p) throws IOException {
        Optional<String> reason = Optional.empty();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            if (name.equals("blockReason")) reason = string(p, t);
            else p.skipChildren();
        }
        return reason;
    }

    private static StreamError error(JsonParser p) throws IOException {
        int code = 500;
        String message = "unknown error";
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "code" -> code = asInt(p, t, 500);
                case "message" -> message = JsonTokens.string(p, t, message);
                default -> p.skipChildren();
            }
        }
        return new StreamError(code, message);
    }

    /** A non-empty string value; anything else is absent. */
    private static Optional<String> string(JsonParser p, JsonToken t) throws IOException {
        String s = JsonTokens.string(p, t, "");
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
