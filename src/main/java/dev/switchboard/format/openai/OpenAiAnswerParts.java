package dev.switchboard.format.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import java.util.List;
import java.util.Optional;

/**
 * Pieces of an OpenAI-compatible upstream's answer that the whole-response and stream decoders share:
 * reasoning (DeepSeek's {@code reasoning_content}, OpenRouter's {@code reasoning}), content (a string, or an
 * array of text parts on some servers), refusals, finish reasons and usage.
 */
final class OpenAiAnswerParts {
    private OpenAiAnswerParts() {}

    /** Reasoning, then visible text (content, or the refusal when there is none), appended to {@code out}. */
    static void textParts(JsonNode message, List<Part> out) {
        String reasoning = text(message.get("reasoning_content"));
        if (reasoning.isEmpty()) reasoning = text(message.get("reasoning"));
        if (!reasoning.isEmpty()) out.add(Part.Reasoning.of(reasoning));
        String content = text(message.get("content"));
        if (content.isEmpty()) content = text(message.get("refusal"));
        if (!content.isEmpty()) out.add(Part.Text.of(content));
    }

    /** A string, or the concatenated {@code text} of an array of content parts; "" for null or absent. */
    static String text(JsonNode node) {
        if (node == null || node.isNull()) return "";
        if (node.isTextual()) return node.textValue();
        if (node.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode p : node) {
                if (p.isTextual()) b.append(p.textValue());
                else if (p.path("text").isTextual()) b.append(p.path("text").textValue());
            }
            return b.toString();
        }
        return "";
    }

    static Optional<FinishReason> finishReason(JsonNode choice) {
        JsonNode f = choice.get("finish_reason");
        if (f == null || !f.isTextual() || f.textValue().isEmpty()) return Optional.empty();
        return Optional.of(switch (f.textValue()) {
            case "stop", "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "length", "max_tokens" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        });
    }

    /** {@code usage}, when present and not null (stream chunks carry {@code "usage": null} until the last). */
    static Optional<Usage> usage(JsonNode root) {
        JsonNode u = root.get("usage");
        if (u == null || !u.isObject()) return Optional.empty();
        int prompt = u.path("prompt_tokens").asInt(0);
        int completion = u.path("completion_tokens").asInt(0);
        int total = u.path("total_tokens").asInt(prompt + completion);
        int reasoning = u.path("completion_tokens_details").path("reasoning_tokens").asInt(0);
        int cached = u.path("prompt_tokens_details").path("cached_tokens").asInt(0);
        return Optional.of(new Usage(prompt, completion, total, reasoning, cached));
    }
}
