package dev.switchboard.testing;

/** OpenAI chat completion stream bodies shaped like the real API's (field order and names as OpenAI sends them). */
public final class OpenAiFixtures {
    private OpenAiFixtures() {}

    /** One streamed chunk of choice 0 with {@code delta} (JSON) and, if {@code finish} is not null, a finish reason. */
    public static String chunk(String delta, String finish) {
        return "{\"id\":\"chatcmpl-up2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"upstream-model\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}],\"usage\":null}";
    }

    /** The chunk {@code stream_options.include_usage} adds at the end: no choices, the usage. */
    public static String usageChunk(int prompt, int completion) {
        return "{\"id\":\"chatcmpl-up2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"upstream-model\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    /** The events as one SSE body, {@code data:} lines ending in a blank line each, as OpenAI writes them. */
    public static String sse(String... data) {
        StringBuilder b = new StringBuilder();
        for (String d : data) b.append("data: ").append(d).append("\n\n");
        return b.toString();
    }
}
