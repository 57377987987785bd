package dev.switchboard.format.openai;

import dev.switchboard.model.FinishReason;

/** Canonical finish reasons in OpenAI's vocabulary (stop, length, tool_calls, content_filter). */
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
}
