package dev.switchboard.format.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.GenerationParams;
import dev.switchboard.model.ResponseFormat;

/** Builds Gemini's {@code generationConfig}: sampling, length, output format and thinking. */
final class GenerationConfigEncoder {
    private GenerationConfigEncoder() {}

    /** Empty when the request sets nothing, so that no empty object is sent. */
    static ObjectNode build(ChatRequest r, String upstreamModel) {
        ObjectNode c = Json.object();
        GenerationParams p = r.params();
        p.temperature().ifPresent(v -> c.put("temperature", v));
        p.topP().ifPresent(v -> c.put("topP", v));
        p.topK().ifPresent(v -> c.put("topK", v));
        p.maxTokens().ifPresent(v -> c.put("maxOutputTokens", v));
        if (!p.stop().isEmpty()) {
            var stops = c.putArray("stopSequences");
            p.stop().forEach(stops::add);
        }
        p.candidateCount().ifPresent(v -> c.put("candidateCount", v));
        p.presencePenalty().ifPresent(v -> c.put("presencePenalty", v));
        p.frequencyPenalty().ifPresent(v -> c.put("frequencyPenalty", v));
        p.seed().ifPresent(v -> c.put("seed", seed(v)));
        r.responseFormat().ifPresent(f -> responseFormat(c, f));
        p.reasoningEffort().ifPresent(e -> c.set("thinkingConfig", ThinkingConfig.of(e, upstreamModel)));
        return c;
    }

    /** Gemini's seed is an int32; OpenAI's is any integer. */
    private static int seed(long seed) {
        if (seed < Integer.MIN_VALUE || seed > Integer.MAX_VALUE) {
            throw GatewayException.invalid("seed", "'seed' must fit in 32 bits for this model");
        }
        return (int) seed;
    }

    /**
     * JSON schemas go as {@code responseSchema} (Gemini's OpenAPI subset, cleaned by {@link SchemaCleaner})
     * rather than {@code responseJsonSchema}: every Gemini model and both the Gemini API and Vertex AI accept
     * it, and the cleaner's losses (additionalProperties, refs) only loosen the constraint.
     */
    private static void responseFormat(ObjectNode c, ResponseFormat f) {
        switch (f.kind()) {
            case TEXT -> { }
            case JSON_OBJECT -> c.put("responseMimeType", "application/json");
            case JSON_SCHEMA -> {
                c.put("responseMimeType", "application/json");
                f.schema().ifPresent(s ->
                        c.set("responseSchema", SchemaCleaner.clean(s, "response_format.json_schema.schema")));
            }
        }
    }
}
