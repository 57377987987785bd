package dev.switchboard.format.gemini;

import static dev.switchboard.format.JsonTestSupport.assertJsonEquals;
import static dev.switchboard.format.JsonTestSupport.buffer;
import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.openai.OpenAiRequestDecoder;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.GenerationParams;
import dev.switchboard.model.Message;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.Part;
import dev.switchboard.model.Role;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiRequestEncoderTest {

    /** OpenAI JSON in, Gemini JSON out: the path most traffic takes. */
    private static JsonNode fromOpenAi(String openAiJson, String upstreamModel) {
        ChatRequest r = OpenAiRequestDecoder.decode(buffer(openAiJson));
        return tree(GeminiRequestEncoder.encode(r, upstreamModel));
    }

    private static JsonNode fromOpenAi(String openAiJson) {
        return fromOpenAi(openAiJson, "gemini-2.5-flash");
    }

    @Test
    void systemMessagesBecomeSystemInstruction_rolesMap_sameRoleTurnsMerge() {
        assertJsonEquals(fromOpenAi("""
                {"model":"m","messages":[
                  {"role":"system","content":"be brief"},
                  {"role":"developer","content":"use metric"},
                  {"role":"user","content":"hi"},
                  {"role":"user","content":[{"type":"text","text":"there"}]},
                  {"role":"assistant","content":"hello"}]}
                """), """
                {"systemInstruction":{"parts":[{"text":"be brief"},{"text":"use metric"}]},
                 "contents":[
                   {"role":"user","parts":[{"text":"hi"},{"text":"there"}]},
                   {"role":"model","parts":[{"text":"hello"}]}]}
                """);
    }

    @Test
    void imagesAsInlineDataAndFileData() {
        assertJsonEquals(fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}},
                  {"type":"image_url","image_url":{"url":"https://x.test/a.png"}},
                  {"type":"image_url","image_url":{"url":"https://x.test/render?id=1"}}]}]}
                """), """
                {"contents":[{"role":"user","parts":[
                  {"inlineData":{"mimeType":"image/jpeg","data":"/9j/4AAQ"}},
                  {"fileData":{"mimeType":"image/png","fileUri":"https://x.test/a.png"}},
                  {"fileData":{"mimeType":"image/jpeg","fileUri":"https://x.test/render?id=1"}}]}]}
                """);
    }

    @Test
    void youtubeLinksGoWithoutMimeType() {
        ChatRequest r = request(List.of(Message.of(Role.USER,
                List.of(new Part.FileData(Optional.empty(), "https://www.youtube.com/watch?v=abc")))));
        assertJsonEquals(tree(GeminiRequestEncoder.encode(r, "gemini-2.5-flash")).at("/contents/0/parts/0"),
                "{\"fileData\":{\"fileUri\":\"https://www.youtube.com/watch?v=abc\"}}");
    }

    @Test
    void toolTurns_signatureOnCalls_dummyOnlyOnUnsignedFirstCall_resultsMerged() {
        assertJsonEquals(fromOpenAi("""
                {"model":"m","messages":[
                  {"role":"user","content":"weather in Oslo and Rome?"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_1__thought__U0lH","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
                    {"id":"call_2","type":"function","function":{"name":"weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1__thought__U0lH","content":"{\\"temp\\":3}"},
                  {"role":"tool","tool_call_id":"call_2","content":"sunny"},
                  {"role":"assistant","content":"Cold and sunny."},
                  {"role":"user","content":"and Paris?"},
                  {"role":"assistant","tool_calls":[
                    {"id":"call_3","type":"function","function":{"name":"weather","arguments":""}}]},
                  {"role":"tool","tool_call_id":"call_3","content":"[1,2]"}]}
                """), """
                {"contents":[
                  {"role":"user","parts":[{"text":"weather in Oslo and Rome?"}]},
                  {"role":"model","parts":[
                    {"functionCall":{"name":"weather","args":{"city":"Oslo"}},"thoughtSignature":"U0lH"},
                    {"functionCall":{"name":"weather","args":{"city":"Rome"}}}]},
                  {"role":"user","parts":[
                    {"functionResponse":{"name":"weather","response":{"temp":3}}},
                    {"functionResponse":{"name":"weather","response":{"content":"sunny"}}}]},
                  {"role":"model","parts":[{"text":"Cold and sunny."}]},
                  {"role":"user","parts":[{"text":"and Paris?"}]},
                  {"role":"model","parts":[
                    {"functionCall":{"name":"weather","args":{}},"thoughtSignature":"skip_thought_signature_validator"}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"weather","response":{"content":"[1,2]"}}}]}]}
                """);
    }

    @Test
    void reasoningIsSentBackOnlyWithASignature() {
        ChatRequest r = request(List.of(
                Message.text(Role.USER, "q"),
                Message.of(Role.ASSISTANT, List.of(Part.Reasoning.of("unsigned musing"),
                        new Part.Reasoning("signed thought", Optional.of("c2ln")),
                        new Part.Text("answer", Optional.of("dHh0")))),
                Message.of(Role.ASSISTANT, List.of(Part.Reasoning.of("only unsigned"))),
                Message.text(Role.USER, "next")));
        assertJsonEquals(GeminiRequestEncoder.encode(r, "gemini-3-pro-preview"), """
                {"contents":[
                  {"role":"user","parts":[{"text":"q"}]},
                  {"role":"model","parts":[
                    {"text":"signed thought","thought":true,"thoughtSignature":"c2ln"},
                    {"text":"answer","thoughtSignature":"dHh0"}]},
                  {"role":"user","parts":[{"text":"next"}]}]}
                """);
    }

    @Test
    void aTurnWithNothingToSendDoesNotSplitTheTurnsAroundIt() {
        ChatRequest r = request(List.of(
                Message.text(Role.USER, "a"),
                Message.of(Role.ASSISTANT, List.of(Part.Reasoning.of("unsigned"), Part.Text.of(""))),
                Message.text(Role.USER, "b")));
        assertJsonEquals(GeminiRequestEncoder.encode(r, "gemini-2.5-flash"), """
                {"contents":[{"role":"user","parts":[{"text":"a"},{"text":"b"}]}]}
                """);
    }

    @Test
    void invalidToolCallArgumentsNameTheMessage() {
        assertThatThrownBy(() -> fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"x"},
                  {"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{oops"}}]}]}
                """)).isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.param()).contains("messages[1].tool_calls");
                    assertThat(e.httpStatus()).isEqualTo(400);
                });
    }

    @Test
    void generationConfig() {
        assertJsonEquals(fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"x"}],
                 "temperature":0.2,"top_p":0.8,"top_k":20,"max_completion_tokens":256,"stop":"END","n":2,
                 "presence_penalty":0.5,"frequency_penalty":0.25,"seed":42,"response_format":{"type":"json_object"}}
                """).get("generationConfig"), """
                {"temperature":0.2,"topP":0.8,"topK":20,"maxOutputTokens":256,"stopSequences":["END"],
                 "candidateCount":2,"presencePenalty":0.5,"frequencyPenalty":0.25,"seed":42,
                 "responseMimeType":"application/json"}
                """);
        assertThat(fromOpenAi("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .has("generationConfig")).isFalse();
    }

    @Test
    void jsonSchemaResponseFormatIsCleaned() {
        assertJsonEquals(fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"x"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"r","strict":true,"schema":{
                   "type":"object","additionalProperties":false,
                   "properties":{"when":{"type":["string","null"]},"who":{"$ref":"#/$defs/P"}},
                   "required":["when","who"],
                   "$defs":{"P":{"type":"object","additionalProperties":false,"properties":{"n":{"type":"string"}}}}}}}}
                """).get("generationConfig"), """
                {"responseMimeType":"application/json",
                 "responseSchema":{"type":"object",
                   "properties":{"when":{"type":"string","nullable":true},
                                 "who":{"type":"object","properties":{"n":{"type":"string"}}}},
                   "required":["when","who"]}}
                """);
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            none    | gemini-2.5-flash       | {"thinkingBudget":0}
            none    | gemini-2.5-pro         | {"thinkingBudget":128}
            minimal | gemini-2.5-flash       | {"thinkingBudget":512,"includeThoughts":true}
            low     | gemini-2.5-flash       | {"thinkingBudget":1024,"includeThoughts":true}
            medium  | gemini-2.5-flash       | {"thinkingBudget":8192,"includeThoughts":true}
            high    | gemini-2.5-pro         | {"thinkingBudget":24576,"includeThoughts":true}
            max     | gemini-2.5-pro         | {"thinkingBudget":32768,"includeThoughts":true}
            max     | gemini-2.5-flash       | {"thinkingBudget":24576,"includeThoughts":true}
            max     | gemini-3-flash-preview | {"thinkingLevel":"high","includeThoughts":true}
            none    | gemini-3-pro-preview   | {"thinkingLevel":"low"}
            minimal | gemini-3-pro-preview   | {"thinkingLevel":"low","includeThoughts":true}
            low     | gemini-3-pro-preview   | {"thinkingLevel":"low","includeThoughts":true}
            medium  | gemini-3-pro-preview   | {"thinkingLevel":"high","includeThoughts":true}
            xhigh   | gemini-3-pro-preview   | {"thinkingLevel":"high","includeThoughts":true}
            none    | gemini-3.1-pro-preview | {"thinkingLevel":"low"}
            medium  | gemini-3.1-pro-preview | {"thinkingLevel":"medium","includeThoughts":true}
            high    | gemini-3.1-pro-preview | {"thinkingLevel":"high","includeThoughts":true}
            none    | gemini-3-flash-preview | {"thinkingLevel":"minimal"}
            minimal | gemini-3-flash-preview | {"thinkingLevel":"minimal","includeThoughts":true}
            medium  | gemini-3-flash-preview | {"thinkingLevel":"medium","includeThoughts":true}
            minimal | gemini-3.6-flash       | {"thinkingLevel":"minimal","includeThoughts":true}
            minimal | gemini-3.7-flash       | {"thinkingLevel":"low","includeThoughts":true}
            medium  | gemini-3.8-flash       | {"thinkingLevel":"medium","includeThoughts":true}
            minimal | gemini-3.5-flash-lite  | {"thinkingLevel":"minimal","includeThoughts":true}
            minimal | gemini-4-flash         | {"thinkingLevel":"low","includeThoughts":true}
            medium  | gemini-3-ultra         | {"thinkingLevel":"high","includeThoughts":true}
            low     | gemini-exp-1206        | {"thinkingBudget":1024,"includeThoughts":true}
            """)
    void reasoningEffortToThinkingConfig(String effort, String model, String expected) {
        JsonNode body = fromOpenAi("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"reasoning_effort\":\"" + effort + "\"}", model);
        assertJsonEquals(body.at("/generationConfig/thinkingConfig"), expected);
    }

    @Test
    void unknownReasoningEffortIsInvalid() {
        assertThatThrownBy(() -> fromOpenAi("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"reasoning_effort\":\"maximum\"}"))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.param()).contains("reasoning_effort"));
    }

    @Test
    void toolsAreDeclaredWithCleanedParameters() {
        assertJsonEquals(fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"x"}],
                 "tools":[
                   {"type":"function","function":{"name":"search","description":"web search","strict":true,
                     "parameters":{"type":"object","additionalProperties":false,
                       "properties":{"q":{"type":"string"},"limit":{"type":["integer","null"],"default":5}},
                       "required":["q"]}}},
                   {"type":"function","function":{"name":"now","parameters":{"type":"object","properties":{}}}}],
                 "tool_choice":"auto"}
                """), """
                {"contents":[{"role":"user","parts":[{"text":"x"}]}],
                 "tools":[{"functionDeclarations":[
                   {"name":"search","description":"web search",
                    "parameters":{"type":"object",
                      "properties":{"q":{"type":"string"},"limit":{"type":"integer","nullable":true}},
                      "required":["q"]}},
                   {"name":"now"}]}],
                 "toolConfig":{"functionCallingConfig":{"mode":"AUTO"}}}
                """);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "none"                                          | {"mode":"NONE"}
            "required"                                      | {"mode":"ANY"}
            {"type":"function","function":{"name":"f"}}     | {"mode":"ANY","allowedFunctionNames":["f"]}
            """)
    void toolChoiceModes(String choice, String expected) {
        JsonNode body = fromOpenAi("""
                {"model":"m","messages":[{"role":"user","content":"x"}],
                 "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":%s}
                """.formatted(choice));
        assertJsonEquals(body.at("/toolConfig/functionCallingConfig"), expected);
    }

    @Test
    void geminiNativeBodyIsSentUnchanged() {
        Buffer original = buffer("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"safetySettings\":[],\"cachedContent\":\"c/1\"}");
        ChatRequest r = new ChatRequest("m", List.of(Message.text(Role.USER, "x")), GenerationParams.DEFAULT,
                List.of(), Optional.empty(), Optional.empty(), false, false,
                Optional.of(new NativeBody(WireFormat.GEMINI, original)));
        assertThat(GeminiRequestEncoder.encode(r, "gemini-2.5-flash")).isSameAs(original);
    }

    private static ChatRequest request(List<Message> messages) {
        return new ChatRequest("m", messages, GenerationParams.DEFAULT, List.of(), Optional.empty(), Optional.empty(),
                false, false, Optional.empty());
    }
}
