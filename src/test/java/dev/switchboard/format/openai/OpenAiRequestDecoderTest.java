package dev.switchboard.format.openai;

import static dev.switchboard.format.JsonTestSupport.buffer;
import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class OpenAiRequestDecoderTest {

    private static ChatRequest decode(String json) {
        return OpenAiRequestDecoder.decode(buffer(json));
    }

    private static GatewayException invalid(String json) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> decode(json));
        assertThat(t).isInstanceOf(GatewayException.class);
        GatewayException e = (GatewayException) t;
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(e.httpStatus()).isEqualTo(400);
        return e;
    }

    @Test
    void systemAndDeveloperBecomeSystem_andTextMessagesKeepOrder() {
        ChatRequest r = decode("""
                {"model":"gpt-x","messages":[
                  {"role":"system","content":"be brief"},
                  {"role":"developer","content":[{"type":"text","text":"use metric"}]},
                  {"role":"user","content":"hi","name":"ann"},
                  {"role":"assistant","content":"hello"}]}
                """);
        assertThat(r.model()).isEqualTo("gpt-x");
        assertThat(r.messages()).containsExactly(
                Message.text(Role.SYSTEM, "be brief"),
                Message.text(Role.SYSTEM, "use metric"),
                new Message(Role.USER, List.of(Part.Text.of("hi")), Optional.of("ann")),
                Message.text(Role.ASSISTANT, "hello"));
        assertThat(r.stream()).isFalse();
    }

    @Test
    void imageDataUrlBecomesInlineData() {
        ChatRequest r = decode("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"text","text":"what is this?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}}]}]}
                """);
        assertThat(r.messages().getFirst().parts()).containsExactly(
                Part.Text.of("what is this?"), new Part.InlineData("image/png", "iVBORw0KGgo="));
    }

    @Test
    void httpImageUrlBecomesFileDataWithGuessedOrNoMimeType() {
        ChatRequest r = decode("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"https://x.test/cat.webp?size=2"}},
                  {"type":"image_url","image_url":{"url":"https://x.test/render"}}]}]}
                """);
        assertThat(r.messages().getFirst().parts()).containsExactly(
                new Part.FileData(Optional.of("image/webp"), "https://x.test/cat.webp?size=2"),
                new Part.FileData(Optional.empty(), "https://x.test/render"));
    }

    @Test
    void audioAndFileParts() {
        ChatRequest r = decode("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}},
                  {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}}]}]}
                """);
        assertThat(r.messages().getFirst().parts()).containsExactly(
                new Part.InlineData("audio/wav", "UklGRg=="), new Part.InlineData("application/pdf", "JVBERi0="));
    }

    @Test
    void toolCallIdCarriesThoughtSignature_andToolResultFindsNameByFullId() {
        ChatRequest r = decode("""
                {"model":"m","messages":[
                  {"role":"user","content":"weather?"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_abc__thought__CiQBc2ln+/=","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}},
                    {"id":"call_def","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_abc__thought__CiQBc2ln+/=","content":"rain"},
                  {"role":"tool","tool_call_id":"call_def","content":[{"type":"text","text":"12:00"}]}]}
                """);
        assertThat(r.messages().get(1).parts()).containsExactly(
                new Part.ToolCall("call_abc", "get_weather", "{\"city\":\"Oslo\"}", Optional.of("CiQBc2ln+/=")),
                new Part.ToolCall("call_def", "get_time", "{}", Optional.empty()));
        assertThat(r.messages().get(2).role()).isEqualTo(Role.TOOL);
        assertThat(r.messages().get(2).parts()).containsExactly(new Part.ToolResult("call_abc", "get_weather", "rain"));
        assertThat(r.messages().get(3).parts()).containsExactly(new Part.ToolResult("call_def", "get_time", "12:00"));
    }

    @Test
    void googleExtraContentSignatureIsAccepted() {
        ChatRequest r = decode("""
                {"model":"m","messages":[
                  {"role":"assistant","tool_calls":[{"id":"fc_1","type":"function",
                    "function":{"name":"f","arguments":"{}"},
                    "extra_content":{"google":{"thought_signature":"U2lnbmF0dXJl"}}}]}]}
                """);
        assertThat(r.messages().getFirst().parts())
                .containsExactly(new Part.ToolCall("fc_1", "f", "{}", Optional.of("U2lnbmF0dXJl")));
    }

    @Test
    void toolResultFallsBackToMessageName() {
        ChatRequest r = decode("""
                {"model":"m","messages":[{"role":"tool","tool_call_id":"call_x","name":"lookup","content":"42"}]}
                """);
        assertThat(r.messages().getFirst().parts()).containsExactly(new Part.ToolResult("call_x", "lookup", "42"));
    }

    @Test
    void toolResultWithUnknownIdAndNoNameIsInvalid() {
        GatewayException e = invalid("""
                {"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"nope","content":"1"}]}
                """);
        assertThat(e.param()).contains("messages[1].tool_call_id");
    }

    @Test
    void assistantReasoningContentIsReasoningNotText() {
        ChatRequest r = decode("""
                {"model":"m","messages":[{"role":"assistant","reasoning_content":"think","content":"answer"}]}
                """);
        assertThat(r.messages().getFirst().parts()).containsExactly(Part.Reasoning.of("think"), Part.Text.of("answer"));
    }

    @Test
    void generationParams() {
        ChatRequest r = decode("""
                {"model":"m","messages":[{"role":"user","content":"x"}],
                 "temperature":0.5,"top_p":0.9,"top_k":40,"max_tokens":100,"max_completion_tokens":200,
                 "stop":["END","STOP"],"n":2,"presence_penalty":0.1,"frequency_penalty":-0.2,"seed":7,
                 "reasoning_effort":"high","stream":true,"stream_options":{"include_usage":true},
                 "some_future_field":{"ignored":true}}
                """);
        var p = r.params();
        assertThat(p.temperature()).hasValue(0.5);
        assertThat(p.topP()).hasValue(0.9);
        assertThat(p.topK()).hasValue(40);
        assertThat(p.maxTokens()).as("max_completion_tokens wins").hasValue(200);
        assertThat(p.stop()).containsExactly("END", "STOP");
        assertThat(p.candidateCount()).hasValue(2);
        assertThat(p.presencePenalty()).hasValue(0.1);
        assertThat(p.frequencyPenalty()).hasValue(-0.2);
        assertThat(p.seed()).hasValue(7);
        assertThat(p.reasoningEffort()).contains("high");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
    }

    @Test
    void stopAsStringAndMaxTokensAlone() {
        ChatRequest r = decode("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"stop":"\\n\\n","max_tokens":64}
                """);
        assertThat(r.params().stop()).containsExactly("\n\n");
        assertThat(r.params().maxTokens()).hasValue(64);
        assertThat(r.includeUsage()).isFalse();
    }

    @Test
    void responseFormats() {
        assertThat(decode(withField("\"response_format\":{\"type\":\"text\"}")).responseFormat())
                .contains(new ResponseFormat(ResponseFormat.Kind.TEXT, Optional.empty()));
        assertThat(decode(withField("\"response_format\":{\"type\":\"json_object\"}")).responseFormat())
                .contains(new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, Optional.empty()));
        ChatRequest r = decode(withField("""
                "response_format":{"type":"json_schema","json_schema":{"name":"x","strict":true,
                  "schema":{"type":"object","properties":{"a":{"type":"string"}}}}}"""));
        assertThat(r.responseFormat()).contains(new ResponseFormat(ResponseFormat.Kind.JSON_SCHEMA,
                Optional.of(tree("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"))));
    }

    @Test
    void toolsAndToolChoiceVariants() {
        ChatRequest r = decode(withField("""
                "tools":[{"type":"function","function":{"name":"f","description":"does f",
                  "parameters":{"type":"object","properties":{"x":{"type":"integer"}}}}},
                 {"type":"function","function":{"name":"g"}}],
                "tool_choice":{"type":"function","function":{"name":"g"}}"""));
        assertThat(r.tools()).hasSize(2);
        assertThat(r.tools().get(0).name()).isEqualTo("f");
        assertThat(r.tools().get(0).description()).contains("does f");
        assertThat(r.tools().get(0).parameters()).contains(tree(
                "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}}}"));
        assertThat(r.tools().get(1).parameters()).isEmpty();
        assertThat(r.toolChoice()).contains(new ToolChoice(ToolChoice.Mode.REQUIRED, List.of("g")));

        assertThat(decode(withField("\"tool_choice\":\"auto\"")).toolChoice()).contains(ToolChoice.of(ToolChoice.Mode.AUTO));
        assertThat(decode(withField("\"tool_choice\":\"none\"")).toolChoice()).contains(ToolChoice.of(ToolChoice.Mode.NONE));
        assertThat(decode(withField("\"tool_choice\":\"required\"")).toolChoice())
                .contains(ToolChoice.of(ToolChoice.Mode.REQUIRED));
        assertThat(decode(withField("\"tool_choice\":null")).toolChoice()).isEmpty();
    }

    @Test
    void keepsOriginalBytesAsNativeBody() {
        Buffer body = buffer("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logit_bias\":{}}");
        ChatRequest r = OpenAiRequestDecoder.decode(body);
        assertThat(r.nativeBody()).hasValueSatisfying(n -> {
            assertThat(n.format()).isEqualTo(WireFormat.OPENAI);
            assertThat(n.bytes()).isEqualTo(body);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"model":"m","messages":"hi"}                                                   | messages
            {"model":"m","messages":[{"role":"user","content":"x"}],"temperature":"hot"}   | temperature
            {"model":"m","messages":[{"role":"user","content":"x"}],"stream":"yes"}        | stream
            {"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":1.5}      | max_tokens
            {"model":"m","messages":[{"role":"user","content":"x"}],"stop":[1]}            | stop[0]
            {"model":"m","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":1}} | stream_options.include_usage
            {"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":"sometimes"} | tool_choice
            {"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{}}]} | tools[0].function.name
            {"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"yaml"}} | response_format.type
            {"model":"m","messages":[{"role":"user"},{"role":"user","content":"x"},{"role":"user","content":5}]} | messages[2].content
            {"model":"m","messages":[{"role":"wizard","content":"x"}]}                     | messages[0].role
            {"model":"m","messages":[{"role":"user","content":[{"type":"video","video":{}}]}]} | messages[0].content[0].type
            {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x"}}]}]} | messages[0].content[0].image_url.url
            {"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-1"}}]}]} | messages[0].content[0].file.file_data
            {"model":"m","messages":["hi"]}                                                 | messages[0]
            {"messages":[{"role":"user","content":"x"}]}                                    | model
            {"model":"m"}                                                                   | messages
            {"model":"m","messages":[]}                                                     | messages
            """)
    void wrongTypesAndMissingFieldsNameTheField(String body, String param) {
        GatewayException e = invalid(body);
        assertThat(e.param()).contains(param);
        assertThat(e.getMessage()).contains(param);
    }

    @Test
    void malformedJsonIsInvalidRequest() {
        assertThatThrownBy(() -> decode("{\"model\": \"m\", \"messages\": [}"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.getMessage()).startsWith("request body is not valid JSON");
                });
        assertThatThrownBy(() -> decode("[1,2]"))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.getMessage()).contains("must be a JSON object"));
    }

    private static String withField(String field) {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + field + "}";
    }
}
