package dev.switchboard.format.gemini;

import static dev.switchboard.format.JsonTestSupport.assertJsonEquals;
import static dev.switchboard.format.JsonTestSupport.buffer;
import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Message;
import dev.switchboard.model.Part;
import dev.switchboard.model.ResponseFormat;
import dev.switchboard.model.Role;
import dev.switchboard.model.ToolChoice;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiRequestDecoderTest {

    private static ChatRequest decode(String json) {
        return GeminiRequestDecoder.decode(buffer(json), "gemini-2.5-flash");
    }

    @Test
    void decodesWhatTheEncoderWrites_andReencodesToTheSameBody() {
        String body = """
                {"systemInstruction":{"parts":[{"text":"be brief"}]},
                 "contents":[
                   {"role":"user","parts":[{"text":"weather?"},{"inlineData":{"mimeType":"image/png","data":"iVBO"}}]},
                   {"role":"model","parts":[
                     {"text":"checking","thought":true,"thoughtSignature":"dGg="},
                     {"functionCall":{"name":"weather","args":{"city":"Oslo"}},"thoughtSignature":"U0lH"}]},
                   {"role":"user","parts":[{"functionResponse":{"name":"weather","response":{"temp":3}}}]},
                   {"role":"model","parts":[{"text":"3 degrees"}]}],
                 "tools":[{"functionDeclarations":[{"name":"weather","description":"w",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}],
                 "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["weather"]}},
                 "generationConfig":{"temperature":0.3,"topP":0.9,"topK":10,"maxOutputTokens":99,
                   "stopSequences":["X"],"candidateCount":1,"seed":5,"responseMimeType":"application/json",
                   "thinkingConfig":{"thinkingBudget":1024,"includeThoughts":true}}}
                """;
        ChatRequest r = decode(body);
        assertThat(r.model()).isEqualTo("gemini-2.5-flash");
        assertThat(r.nativeBody()).hasValueSatisfying(n -> assertThat(n.format()).isEqualTo(WireFormat.GEMINI));
        assertThat(r.messages().get(0)).isEqualTo(Message.text(Role.SYSTEM, "be brief"));
        assertThat(r.messages().get(3).role()).isEqualTo(Role.TOOL);
        Part.ToolCall call = (Part.ToolCall) r.messages().get(2).parts().get(1);
        Part.ToolResult result = (Part.ToolResult) r.messages().get(3).parts().getFirst();
        assertThat(result.callId()).as("paired by name and order").isEqualTo(call.id());
        assertThat(result.content()).isEqualTo("{\"temp\":3}");
        assertThat(r.params().reasoningEffort()).contains("low");
        assertThat(r.toolChoice()).contains(new ToolChoice(ToolChoice.Mode.REQUIRED, List.of("weather")));
        assertThat(r.responseFormat()).contains(new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, Optional.empty()));

        ChatRequest translated = new ChatRequest(r.model(), r.messages(), r.params(), r.tools(), r.toolChoice(),
                r.responseFormat(), false, false, Optional.empty());
        assertJsonEquals(GeminiRequestEncoder.encode(translated, "gemini-2.5-flash"), body);
    }

    @Test
    void acceptsSnakeCaseFieldNames() {
        ChatRequest r = decode("""
                {"system_instruction":{"parts":[{"text":"sys"}]},
                 "contents":[{"role":"user","parts":[{"inline_data":{"mime_type":"image/jpeg","data":"/9j"}}]}],
                 "generation_config":{"max_output_tokens":10,"response_mime_type":"application/json",
                   "response_schema":{"type":"OBJECT"},"thinking_config":{"thinking_level":"HIGH"}}}
                """);
        assertThat(r.messages()).containsExactly(Message.text(Role.SYSTEM, "sys"),
                Message.of(Role.USER, List.of(new Part.InlineData("image/jpeg", "/9j"))));
        assertThat(r.params().maxTokens()).hasValue(10);
        assertThat(r.params().reasoningEffort()).contains("high");
        assertThat(r.responseFormat()).contains(
                new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA, Optional.of(tree("{\"type\":\"OBJECT\"}"))));
    }

    @Test
    void functionResponsesSplitFromUserText_andWrappedContentIsUnwrapped() {
        ChatRequest r = decode("""
                {"contents":[
                  {"role":"model","parts":[{"functionCall":{"id":"a1","name":"f","args":{}}}]},
                  {"role":"user","parts":[
                    {"functionResponse":{"id":"a1","name":"f","response":{"content":"done"}}},
                    {"text":"thanks"}]}]}
                """);
        assertThat(r.messages()).containsExactly(
                Message.of(Role.ASSISTANT, List.of(new Part.ToolCall("a1", "f", "{}", Optional.empty()))),
                Message.of(Role.TOOL, List.of(new Part.ToolResult("a1", "f", "done"))),
                Message.text(Role.USER, "thanks"));
    }

    @Test
    void keepsOriginalBytes() {
        Buffer body = buffer("{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"safetySettings\":[]}");
        ChatRequest r = GeminiRequestDecoder.decode(body, "m");
        assertThat(r.nativeBody()).hasValueSatisfying(n -> assertThat(n.bytes()).isSameAs(body));
        assertThat(r.messages()).containsExactly(Message.text(Role.USER, "x"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"contents":"hi"}                                                               | contents
            {"contents":[]}                                                                 | contents
            {}                                                                              | contents
            {"contents":[{"role":"bot","parts":[{"text":"x"}]}]}                            | contents[0].role
            {"contents":[{"role":"user"}]}                                                  | contents[0].parts
            {"contents":[{"parts":[{"text":5}]}]}                                           | contents[0].parts[0].text
            {"contents":[{"parts":[{"functionCall":{"args":{}}}]}]}                         | contents[0].parts[0].functionCall.name
            {"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"temperature":"hot"}} | generationConfig.temperature
            {"contents":[{"parts":[{"text":"x"}]}],"generation_config":{"top_k":"many"}}    | generation_config.top_k
            {"contents":[{"parts":[{"text":"x"}]}],"toolConfig":{"functionCallingConfig":{"mode":"SOMETIMES"}}} | toolConfig.functionCallingConfig.mode
            """)
    void wrongTypesNameTheField(String body, String param) {
        try {
            decode(body);
        } catch (GatewayException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(e.param()).contains(param);
            return;
        }
        throw new AssertionError("expected an invalid-request error for " + body);
    }
}
