package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * An OpenAI chat-completion stream as a client reads it: the chunks before {@code [DONE]}, and what their
 * choices add up to (content, reasoning, finish reasons in order). {@code done}: the stream's last event was
 * {@code [DONE]}.
 */
public record OpenAiStreamTranscript(List<JsonNode> chunks, String text, String reasoning, List<String> finishes,
                                     boolean done) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static OpenAiStreamTranscript of(String sseBody) {
        List<JsonNode> chunks = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<String> finishes = new ArrayList<>();
        boolean done = false;
        for (String d : TestGateway.sseData(sseBody)) {
            if (d.equals("[DONE]")) {
                done = true;
                continue;
            }
            JsonNode c;
            try {
                c = JSON.readTree(d);
            } catch (Exception e) {
                throw new AssertionError("stream chunk is not JSON: " + d, e);
            }
            chunks.add(c);
            done = false;
            for (JsonNode ch : c.path("choices")) {
                text.append(ch.at("/delta/content").asText(""));
                reasoning.append(ch.at("/delta/reasoning_content").asText(""));
                if (!ch.path("finish_reason").isNull()) finishes.add(ch.path("finish_reason").asText());
            }
        }
        return new OpenAiStreamTranscript(List.copyOf(chunks), text.toString(), reasoning.toString(),
                List.copyOf(finishes), done);
    }
}
