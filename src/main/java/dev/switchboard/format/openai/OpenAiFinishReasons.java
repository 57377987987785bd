package dev.switchboard.format.openai;

import dev.switchboard.model.FinishReason;
import java.util.Optional;

/** Canonical finish reasons in OpenAI's vocabulary (stop, length, tool_calls, content_filter), and back. */
final class OpenAiFinishReasons {
    private OpenAiFinishReasons() {}

    /**
     * {@code hasContent}: the choice produced visible output. {@code sawToolCall}: it produced a tool call,
     * which OpenAI clients only execute when the reason is "tool_calls" (Gemini says STOP).
     *
     * <p>OTHER (Gemini's OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL, ...) has no OpenAI equivalent. With content
     * it becomes "stop": the answer is usable as it stands. Without content it becomes "content_filter", the
     * only OpenAI value that tells a client the output was withheld; "stop" would claim an empty answer is a
     * complete one.
     */
    static String of(FinishReason reason, boolean hasContent, boolean sawToolCall) {
        return switch (reason) {
            case STOP -> sawToolCall ? "tool_calls" : "stop";
            case LENGTH -> "length";
            case CONTENT_FILTER -> "content_filter";
            case TOOL_CALLS -> "tool_calls";
            case OTHER -> sawToolCall ? "tool_calls" : hasContent ? "stop" : "content_filter";
        };
    }

    /**
     * An OpenAI-compatible upstream's {@code finish_reason} (with the names some compatible servers use for the
     * same thing); empty when it is empty.
     */
    static Optional<FinishReason> decode(String reason) {
        if (reason.isEmpty()) return Optional.empty();
        return Optional.of(switch (reason) {
            case "stop", "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "length", "max_tokens" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        });
    }
}
