package dev.switchboard.model;

/** Why a choice ended. {@link #OTHER} covers upstream reasons with no OpenAI equivalent (e.g. MALFORMED_FUNCTION_CALL). */
public enum FinishReason { STOP, LENGTH, CONTENT_FILTER, TOOL_CALLS, OTHER }
