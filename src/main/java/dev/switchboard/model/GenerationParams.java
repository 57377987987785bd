package dev.switchboard.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Sampling and length settings. {@code reasoningEffort} is OpenAI's vocabulary
 * (none, minimal, low, medium, high, xhigh, max); the Gemini encoder maps it to a thinking config.
 */
public record GenerationParams(
        OptionalDouble temperature,
        OptionalDouble topP,
        OptionalInt topK,
        OptionalInt maxTokens,
        List<String> stop,
        OptionalInt candidateCount,
        OptionalDouble presencePenalty,
        OptionalDouble frequencyPenalty,
        OptionalLong seed,
        Optional<String> reasoningEffort) {

    public static final GenerationParams DEFAULT = new GenerationParams(OptionalDouble.empty(), OptionalDouble.empty(),
            OptionalInt.empty(), OptionalInt.empty(), List.of(), OptionalInt.empty(), OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalLong.empty(), Optional.empty());

    public GenerationParams {
        stop = List.copyOf(stop);
    }
}
