package dev.switchboard.format.gemini;

import dev.switchboard.model.FinishReason;

/** Gemini's {@code finishReason} values and the canonical ones, both ways. */
final class GeminiFinishReasons {
    private GeminiFinishReasons() {}

    /**
     * Refusals of every kind (safety, recitation, blocklists, personal data, image safety) are content
     * filtering; reasons that mean the model misbehaved (MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL,
     * LANGUAGE, OTHER, unspecified, and values added after this was written) are OTHER.
     */
    static FinishReason decode(String gemini) {
        return switch (gemini) {
            case "STOP" -> FinishReason.STOP;
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                 "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    /** Gemini has no tool-calls reason: a turn that calls functions ends with STOP. */
    static String encode(FinishReason reason) {
        return switch (reason) {
            case STOP, TOOL_CALLS -> "STOP";
            case LENGTH -> "MAX_TOKENS";
            case CONTENT_FILTER -> "SAFETY";
            case OTHER -> "OTHER";
        };
    }
}
