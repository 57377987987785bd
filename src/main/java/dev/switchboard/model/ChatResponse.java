package dev.switchboard.model;

import java.util.List;
import java.util.Optional;

/**
 * A complete answer. {@code blockReason} is set when the upstream refused the prompt itself
 * (Gemini's {@code promptFeedback.blockReason}); then there may be no choices.
 */
public record ChatResponse(
        String id,
        String model,
        long createdEpochSeconds,
        List<Choice> choices,
        Optional<Usage> usage,
        Optional<String> blockReason,
        Optional<NativeBody> nativeBody) {

    public ChatResponse {
        choices = List.copyOf(choices);
    }

    public boolean hasContent() {
        for (Choice c : choices) if (c.hasContent()) return true;
        return false;
    }

    public int textLength() {
        int n = 0;
        for (Choice c : choices) n += c.textLength();
        return n;
    }
}
