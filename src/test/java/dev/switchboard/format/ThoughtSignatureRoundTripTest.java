package dev.switchboard.format;

import static dev.switchboard.format.JsonTestSupport.assertJsonEquals;
import static dev.switchboard.format.JsonTestSupport.buffer;
import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.gemini.GeminiRequestEncoder;
import dev.switchboard.format.gemini.GeminiResponseDecoder;
import dev.switchboard.format.gemini.GeminiStreamDecoder;
import dev.switchboard.format.openai.OpenAiRequestDecoder;
import dev.switchboard.format.openai.OpenAiResponseEncoder;
import dev.switchboard.format.openai.OpenAiStreamEncoder;
import dev.switchboard.model.ChatRequest;
import org.junit.jupiter.api.Test;

/**
 * Gemini 3 rejects a tool turn whose function call lost its thought signature. This follows one signature
 * through an OpenAI client: Gemini answer → OpenAI tool call id → client echoes it → Gemini request.
 */
class ThoughtSignatureRoundTripTest {
    private static final String SIGNATURE = "CiIBVKhc7oQ+/Zx1sig==";

    private static final String GEMINI_ANSWER = """
            {"candidates":[{"content":{"role":"model","parts":[
               {"functionCall":{"name":"get_weather","args":{"city":"Oslo"}},"thoughtSignature":"%s"}]},
               "finishReason":"STOP"}],"responseId":"r1","modelVersion":"gemini-3-pro-preview"}
            """.formatted(SIGNATURE);

    @Test
    void signatureSurvivesANonStreamedTurn() {
        JsonNode openAi = tree(OpenAiResponseEncoder.encode(GeminiResponseDecoder.decode(buffer(GEMINI_ANSWER)), "g3"));
        assertThat(openAi.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode toolCall = openAi.at("/choices/0/message/tool_calls/0");
        assertNextRequestCarriesSignature(toolCall);
    }

    @Test
    void signatureSurvivesAStreamedTurn() {
        var sink = new JsonTestSupport.Sink();
        var encoder = new OpenAiStreamEncoder("r1", "g3", 1, false);
        encoder.onChunk(new GeminiStreamDecoder().decode(GEMINI_ANSWER.strip()), sink);
        encoder.onCompleted(true, sink);
        JsonNode delta = sink.jsonPayloads().getFirst().at("/choices/0/delta/tool_calls/0");
        assertNextRequestCarriesSignature(delta);
    }

    private static void assertNextRequestCarriesSignature(JsonNode toolCall) {
        String id = toolCall.get("id").asText();
        assertThat(id).contains(SIGNATURE);
        String nextTurn = """
                {"model":"g3","messages":[
                  {"role":"user","content":"weather in Oslo?"},
                  {"role":"assistant","content":null,"tool_calls":[%s]},
                  {"role":"tool","tool_call_id":"%s","content":"{\\"temp\\":3}"}]}
                """.formatted(toolCall.toString(), id);
        ChatRequest request = OpenAiRequestDecoder.decode(buffer(nextTurn));
        JsonNode gemini = tree(GeminiRequestEncoder.encode(request, "gemini-3-pro-preview"));
        assertJsonEquals(gemini.get("contents"), """
                [{"role":"user","parts":[{"text":"weather in Oslo?"}]},
                 {"role":"model","parts":[
                   {"functionCall":{"name":"get_weather","args":{"city":"Oslo"}},"thoughtSignature":"%s"}]},
                 {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"temp":3}}}]}]
                """.formatted(SIGNATURE));
    }
}
