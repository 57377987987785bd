package dev.switchboard.format.openai;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Field names and constant values of OpenAI answers, encoded to UTF-8 once: Jackson copies their bytes
 * instead of escaping a {@code String} character by character on every answer and every stream chunk.
 */
final class OpenAiNames {
    private OpenAiNames() {}

    static final SerializableString ID = name("id");
    static final SerializableString OBJECT = name("object");
    static final SerializableString CREATED = name("created");
    static final SerializableString MODEL = name("model");
    static final SerializableString CHOICES = name("choices");
    static final SerializableString INDEX = name("index");
    static final SerializableString DELTA = name("delta");
    static final SerializableString MESSAGE = name("message");
    static final SerializableString ROLE = name("role");
    static final SerializableString CONTENT = name("content");
    static final SerializableString REASONING_CONTENT = name("reasoning_content");
    static final SerializableString LOGPROBS = name("logprobs");
    static final SerializableString FINISH_REASON = name("finish_reason");
    static final SerializableString USAGE = name("usage");
    static final SerializableString PROMPT_TOKENS = name("prompt_tokens");
    static final SerializableString COMPLETION_TOKENS = name("completion_tokens");
    static final SerializableString TOTAL_TOKENS = name("total_tokens");
    static final SerializableString PROMPT_TOKENS_DETAILS = name("prompt_tokens_details");
    static final SerializableString CACHED_TOKENS = name("cached_tokens");
    static final SerializableString COMPLETION_TOKENS_DETAILS = name("completion_tokens_details");
    static final SerializableString REASONING_TOKENS = name("reasoning_tokens");

    static final SerializableString ASSISTANT = name("assistant");
    static final SerializableString CHAT_COMPLETION = name("chat.completion");
    static final SerializableString CHAT_COMPLETION_CHUNK = name("chat.completion.chunk");

    private static SerializableString name(String s) {
        return new SerializedString(s);
    }
}
