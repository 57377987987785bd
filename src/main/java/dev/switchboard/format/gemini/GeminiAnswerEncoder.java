package dev.switchboard.format.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.Choice;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Writes a {@code GenerateContentResponse} (a whole answer or one stream event) from canonical parts. */
final class GeminiAnswerEncoder {
    private GeminiAnswerEncoder() {}

    static void write(JsonGenerator g, String id, String clientModel, List<Choice> choices, Optional<Usage> usage,
                      Optional<String> blockReason) throws IOException {
        g.writeStartObject();
        if (!choices.isEmpty()) {
            g.writeArrayFieldStart("candidates");
            for (Choice c : choices) writeCandidate(g, c);
            g.writeEndArray();
        }
        if (blockReason.isPresent()) {
            g.writeObjectFieldStart("promptFeedback");
            g.writeStringField("blockReason", blockReason.get());
            g.writeEndObject();
        }
        if (usage.isPresent()) writeUsage(g, usage.get());
        g.writeStringField("modelVersion", clientModel);
        g.writeStringField("responseId", id);
        g.writeEndObject();
    }

    private static void writeCandidate(JsonGenerator g, Choice c) throws IOException {
        g.writeStartObject();
        if (!c.parts().isEmpty()) {
            g.writeObjectFieldStart("content");
            g.writeStringField("role", "model");
            g.writeArrayFieldStart("parts");
            for (Part p : c.parts()) writePart(g, p);
            g.writeEndArray();
            g.writeEndObject();
        }
        if (c.finishReason().isPresent()) {
            g.writeStringField("finishReason", GeminiFinishReasons.encode(c.finishReason().get()));
        }
        g.writeNumberField("index", c.index());
        g.writeEndObject();
    }

    private static void writePart(JsonGenerator g, Part p) throws IOException {
        switch (p) {
            case Part.Text t -> GeminiParts.text(g, t.text(), false, t.signature());
            case Part.Reasoning r -> GeminiParts.text(g, r.text(), true, r.signature());
            case Part.InlineData d -> GeminiParts.inlineData(g, d.mimeType(), d.base64());
            case Part.FileData f -> GeminiParts.fileData(g, f.mimeType(), f.uri());
            case Part.ToolCall c -> GeminiParts.functionCall(g, Optional.of(c.id()), c.name(), args(c), c.signature());
            // Tool results are client input; an answer never carries one.
            case Part.ToolResult r -> { }
        }
    }

    /**
     * Gemini clients expect {@code args} to be an object. Arguments that are not one (a broken upstream) are
     * passed as {@code {"arguments": "<text>"}} so the client still sees what the model produced.
     */
    private static JsonNode args(Part.ToolCall c) {
        String text = c.argumentsJson().strip();
        if (text.isEmpty()) return Json.object();
        Optional<JsonNode> parsed = Json.tryParse(text);
        if (parsed.isPresent() && parsed.get().isObject()) return parsed.get();
        return Json.object().put("arguments", c.argumentsJson());
    }

    /** Gemini counts thoughts apart from candidates; canonical completion tokens include them. */
    private static void writeUsage(JsonGenerator g, Usage u) throws IOException {
        g.writeObjectFieldStart("usageMetadata");
        g.writeNumberField("promptTokenCount", u.promptTokens());
        g.writeNumberField("candidatesTokenCount", Math.max(0, u.completionTokens() - u.reasoningTokens()));
        g.writeNumberField("totalTokenCount", u.totalTokens());
        if (u.reasoningTokens() > 0) g.writeNumberField("thoughtsTokenCount", u.reasoningTokens());
        if (u.cachedTokens() > 0) g.writeNumberField("cachedContentTokenCount", u.cachedTokens());
        g.writeEndObject();
    }
}
