package dev.switchboard.model;

/**
 * Token counts. {@code completionTokens} includes {@code reasoningTokens}, as OpenAI counts them;
 * {@code cachedTokens} are part of {@code promptTokens}.
 */
public record Usage(int promptTokens, int completionTokens, int totalTokens, int reasoningTokens, int cachedTokens) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);
}
