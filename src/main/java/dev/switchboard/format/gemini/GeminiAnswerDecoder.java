package dev.switchboard.format.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.CallIds;
import dev.switchboard.format.Json;
import dev.switchboard.model.Choice;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a {@code GenerateContentResponse}: a whole answer, or one stream event (same shape). Upstream JSON is
 * read leniently: a field of an unexpected type is treated as absent rather than failing the answer.
 */
final class GeminiAnswerDecoder {
    private GeminiAnswerDecoder() {}

    static List<Choice> choices(JsonNode root) {
        JsonNode candidates = root.path("candidates");
        List<Choice> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) out.add(choice(candidates.get(i), i));
        return out;
    }

    private static Choice choice(JsonNode candidate, int position) {
        int index = candidate.path("index").asInt(position);
        List<Part> parts = new ArrayList<>();
        boolean sawToolCall = false;
        for (JsonNode p : candidate.path("content").path("parts")) {
            Optional<Part> part = part(p);
            if (part.isEmpty()) continue;
            sawToolCall |= part.get() instanceof Part.ToolCall;
            parts.add(part.get());
        }
        Optional<FinishReason> finish = Optional.of(candidate.path("finishReason"))
                .filter(JsonNode::isTextual)
                .map(f -> GeminiFinishReasons.decode(f.textValue()));
        if (sawToolCall && finish.equals(Optional.of(FinishReason.STOP))) finish = Optional.of(FinishReason.TOOL_CALLS);
        return new Choice(index, parts, finish);
    }

    /**
     * Code execution results have no canonical part; they become markdown code blocks in the text, which
     * is how chat UIs show them and keeps the answer's order intact.
     */
    private static Optional<Part> part(JsonNode p) {
        Optional<String> signature = text(p, "thoughtSignature");
        if (p.has("text")) {
            String text = p.path("text").asText();
            return Optional.of(p.path("thought").asBoolean(false)
                    ? new Part.Reasoning(text, signature) : new Part.Text(text, signature));
        }
        if (p.has("functionCall")) {
            JsonNode call = p.get("functionCall");
            JsonNode args = call.path("args");
            String id = text(call, "id").orElseGet(CallIds::newToolCallId);
            return Optional.of(new Part.ToolCall(id, call.path("name").asText(),
                    args.isObject() ? Json.compact(args) : "{}", signature));
        }
        if (p.has("inlineData")) {
            JsonNode d = p.get("inlineData");
            return Optional.of(new Part.InlineData(d.path("mimeType").asText(), d.path("data").asText()));
        }
        if (p.has("fileData")) {
            JsonNode f = p.get("fileData");
            return Optional.of(new Part.FileData(text(f, "mimeType"), f.path("fileUri").asText()));
        }
        if (p.has("executableCode")) {
            JsonNode code = p.get("executableCode");
            String language = code.path("language").asText("").toLowerCase(Locale.ROOT);
            return Optional.of(Part.Text.of("\n```" + language + "\n" + code.path("code").asText() + "\n```\n"));
        }
        if (p.has("codeExecutionResult")) {
            String output = p.get("codeExecutionResult").path("output").asText();
            return Optional.of(Part.Text.of("\n```output\n" + output + "\n```\n"));
        }
        // A part holding only a signature (Gemini sometimes sends one after the text) must not be lost.
        return signature.map(s -> new Part.Text("", Optional.of(s)));
    }

    /** Completion tokens include thoughts, as OpenAI counts them. */
    static Optional<Usage> usage(JsonNode root) {
        JsonNode u = root.get("usageMetadata");
        if (u == null || !u.isObject()) return Optional.empty();
        int prompt = u.path("promptTokenCount").asInt();
        int candidates = u.path("candidatesTokenCount").asInt();
        int thoughts = u.path("thoughtsTokenCount").asInt();
        int total = u.path("totalTokenCount").asInt(prompt + candidates + thoughts);
        return Optional.of(new Usage(prompt, candidates + thoughts, total, thoughts,
                u.path("cachedContentTokenCount").asInt()));
    }

    static Optional<String> blockReason(JsonNode root) {
        return text(root.path("promptFeedback"), "blockReason");
    }

    static Optional<String> responseId(JsonNode root) {
        return text(root, "responseId");
    }

    static String model(JsonNode root) {
        return text(root, "modelVersion").orElse("");
    }

    /** Vertex AI sends {@code createTime}; the Gemini API does not, so the time of decoding stands in. */
    static long createdEpochSeconds(JsonNode root) {
        Optional<String> time = text(root, "createTime");
        if (time.isPresent()) {
            try {
                return Instant.parse(time.get()).getEpochSecond();
            } catch (DateTimeParseException e) {
                // fall through to now
            }
        }
        return Instant.now().getEpochSecond();
    }

    static Optional<String> text(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        return v != null && v.isTextual() && !v.textValue().isEmpty() ? Optional.of(v.textValue()) : Optional.empty();
    }
}
