package dev.switchboard.format.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import dev.switchboard.model.Usage;
import java.io.IOException;

/** The {@code usage} object of completions and of the last stream chunk. */
final class OpenAiUsage {
    private OpenAiUsage() {}

    static void writeField(JsonGenerator g, Usage u) throws IOException {
        g.writeFieldName(OpenAiNames.USAGE);
        g.writeStartObject();
        number(g, OpenAiNames.PROMPT_TOKENS, u.promptTokens());
        number(g, OpenAiNames.COMPLETION_TOKENS, u.completionTokens());
        number(g, OpenAiNames.TOTAL_TOKENS, u.totalTokens());
        g.writeFieldName(OpenAiNames.PROMPT_TOKENS_DETAILS);
        g.writeStartObject();
        number(g, OpenAiNames.CACHED_TOKENS, u.cachedTokens());
        g.writeEndObject();
        g.writeFieldName(OpenAiNames.COMPLETION_TOKENS_DETAILS);
        g.writeStartObject();
        number(g, OpenAiNames.REASONING_TOKENS, u.reasoningTokens());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, SerializableString name, long value)
            throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }
}
