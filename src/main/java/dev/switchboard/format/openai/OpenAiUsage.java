package dev.switchboard.format.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.model.Usage;
import java.io.IOException;

/** The {@code usage} object of completions and of the last stream chunk. */
final class OpenAiUsage {
    private OpenAiUsage() {}

    static void writeField(JsonGenerator g, Usage u) throws IOException {
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", u.promptTokens());
        g.writeNumberField("completion_tokens", u.completionTokens());
        g.writeNumberField("total_tokens", u.totalTokens());
        g.writeObjectFieldStart("prompt_tokens_details");
        g.writeNumberField("cached_tokens", u.cachedTokens());
        g.writeEndObject();
        g.writeObjectFieldStart("completion_tokens_details");
        g.writeNumberField("reasoning_tokens", u.reasoningTokens());
        g.writeEndObject();
        g.writeEndObject();
    }
}
