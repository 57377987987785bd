package dev.switchboard.config;

/** Markers around inline reasoning, e.g. {@code <think>} and {@code </think>}. */
public record ReasoningTagPair(String open, String close) {}
