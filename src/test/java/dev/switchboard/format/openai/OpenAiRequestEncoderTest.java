package dev.switchboard.format.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.GenerationParams;
import dev.switchboard.model.Message;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.Part;
import dev.switchboard.model.ResponseFormat;
import dev.switchboard.model.Role;
import dev.switchboard.model.ToolChoice;
import dev.switchboard.model.ToolSpec;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OpenAiRequestEncoderTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(Buffer b) throws Exception {
        return JSON.readTree(b.getBytes());
    }

    static ChatRequest request(List<Message> messages, GenerationParams params, boolean stream) {
        return new ChatRequest("client-model", messages, params, List.of(), Optional.empty(), Optional.empty(), stream,
                false, Optional.empty());
    }

    @Test
    void canonicalRequestBecomesAnOpenAiBodyWithTheUpstreamModel() throws Exception {
        GenerationParams params = new GenerationParams(OptionalDouble.of(0.3), OptionalDouble.of(0.9), OptionalInt.of(40),
                OptionalInt.of(256), List.of("END"), OptionalInt.empty(), OptionalDouble.of(0.5), OptionalDouble.empty(),
                OptionalLong.of(7), Optional.of("low"));
        List<Message> messages = List.of(
                Message.text(Role.SYSTEM, "be brief"),
                Message.of(Role.USER, List.of(Part.Text.of("what is this?"), new Part.InlineData("image/png", "iVBOR"))),
                Message.of(Role.ASSISTANT, List.of(Part.Reasoning.of("hmm"), Part.Text.of("Let me check."),
                        new Part.ToolCall("call_1", "lookup", "{\"q\":\"x\"}", Optional.of("sig")))),
                Message.of(Role.TOOL, List.of(new Part.ToolResult("call_1", "lookup", "{\"found\":true}"))),
                Message.text(Role.USER, "thanks"));
        ChatRequest r = new ChatRequest("client-model", messages, params,
                List.of(new ToolSpec("lookup", Optional.of("finds things"), Optional.of(JSON.readTree("{\"type\":\"object\"}")))),
                Optional.of(new ToolChoice(ToolChoice.Mode.REQUIRED, List.of("lookup"))),
                Optional.of(new ResponseFormat(ResponseFormat.Kind.JSON_OBJECT, Optional.empty())), true, false,
                Optional.empty());

        JsonNode body = json(OpenAiRequestEncoder.encode(r, "deepseek-chat"));

        assertThat(body.path("model").asText()).isEqualTo("deepseek-chat");
        assertThat(body.at("/messages/0")).isEqualTo(JSON.readTree("{\"role\":\"system\",\"content\":\"be brief\"}"));
        assertThat(body.at("/messages/1/content/0")).isEqualTo(JSON.readTree("{\"type\":\"text\",\"text\":\"what is this?\"}"));
        assertThat(body.at("/messages/1/content/1/image_url/url").asText()).isEqualTo("data:image/png;base64,iVBOR");
        JsonNode assistant = body.at("/messages/2");
        assertThat(assistant.path("content").asText()).isEqualTo("Let me check.");
        assertThat(assistant.has("reasoning_content")).isFalse();
        assertThat(assistant.at("/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(assistant.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"q\":\"x\"}");
        assertThat(body.at("/messages/3")).isEqualTo(JSON.readTree(
                "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{\\\"found\\\":true}\"}"));
        assertThat(body.at("/messages/4/content").asText()).isEqualTo("thanks");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.has("top_k")).isFalse();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
        assertThat(body.path("stop").get(0).asText()).isEqualTo("END");
        assertThat(body.path("presence_penalty").asDouble()).isEqualTo(0.5);
        assertThat(body.path("seed").asLong()).isEqualTo(7);
        assertThat(body.path("reasoning_effort").asText()).isEqualTo("low");
        assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("lookup");
        assertThat(body.at("/tool_choice/function/name").asText()).isEqualTo("lookup");
        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_object");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void openAiBodyIsResentAsWrittenWithOnlyTheModelAndStreamingFieldsReplaced() throws Exception {
        String original = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"temperature\":0.70,\"logit_bias\":{\"50256\":-100},\"user\":\"u-42\",\"x_vendor\":{\"a\":[1,2]},"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":false,\"other\":1}}";
        ChatRequest r = new ChatRequest("gpt-4o", List.of(Message.text(Role.USER, "hi")), GenerationParams.DEFAULT,
                List.of(), Optional.empty(), Optional.empty(), true, false,
                Optional.of(new NativeBody(WireFormat.OPENAI, Buffer.buffer(original))));

        String sent = OpenAiRequestEncoder.encode(r, "gpt-4o-2024-08-06").toString();

        assertThat(sent).contains("\"temperature\":0.70").contains("\"logit_bias\":{\"50256\":-100}")
                .contains("\"user\":\"u-42\"").contains("\"x_vendor\":{\"a\":[1,2]}");
        JsonNode body = JSON.readTree(sent);
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(body.at("/stream_options/other").asInt()).isEqualTo(1);

        JsonNode nonStream = json(OpenAiRequestEncoder.encode(r.withStream(false), "m"));
        assertThat(nonStream.path("stream").asBoolean()).isFalse();
        assertThat(nonStream.has("stream_options")).isFalse();
    }

    @Test
    void aResentBodyKeepsItsFieldOrderAndNumbersAndGainsTheStreamingFieldsAtTheEnd() {
        String original = "{\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9\\n\"}],\"model\":\"client-name\","
                + "\"top_p\":0.10,\"seed\":12345678901234567890,\"n\":1,\"temperature\":7e-1,"
                + "\"logit_bias\":{\"50256\":-1.0E2,\"11\":-0.0}}";

        String sent = OpenAiRequestEncoder.encode(nativeRequest(original, true), "up").toString();

        // Numbers keep their exact text (a detour through BigDecimal wrote 0.7, -1.0E+2 and 0.0).
        assertThat(sent).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9\\n\"}],\"model\":\"up\","
                + "\"top_p\":0.10,\"seed\":12345678901234567890,\"n\":1,\"temperature\":7e-1,"
                + "\"logit_bias\":{\"50256\":-1.0E2,\"11\":-0.0},"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }

    @Test
    void streamOptionsThatAreNotAnObjectAreReplaced() throws Exception {
        JsonNode body = json(OpenAiRequestEncoder.encode(
                nativeRequest("{\"model\":\"m\",\"stream\":true,\"stream_options\":null,\"messages\":[]}", true), "up"));

        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("model").asText()).isEqualTo("up");
    }

    private static ChatRequest nativeRequest(String body, boolean stream) {
        return new ChatRequest("client-name", List.of(Message.text(Role.USER, "hi")), GenerationParams.DEFAULT,
                List.of(), Optional.empty(), Optional.empty(), stream, false,
                Optional.of(new NativeBody(WireFormat.OPENAI, Buffer.buffer(body))));
    }

    @Test
    void bodyThatAlreadyNamesTheUpstreamModelAndDoesNotStreamGoesOutUnchanged() {
        for (String body : List.of(
                "{\"model\":\"up\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.70}",
                "{ \"model\" :\n \"up\", \"stream\": false, \"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
            ChatRequest r = nativeRequest(body, false);
            assertThat(OpenAiRequestEncoder.encode(r, "up")).isSameAs(r.nativeBody().get().bytes());
        }
    }

    /** The scan reads the body where it lies: a slice of a larger buffer is judged on its own bytes only. */
    @Test
    void theUnchangedCheckReadsOnlyTheBodysOwnBytes() {
        String body = "{\"model\":\"up\",\"messages\":[]}";
        Buffer around = Buffer.buffer("\"model\":\"x\"," + body + ",\"stream\":true");
        int start = around.toString().indexOf('{');
        Buffer slice = around.slice(start, start + body.length());
        assertThat(slice.toString()).isEqualTo(body);

        assertThat(OpenAiRequestEncoder.AlreadyAsSent.check(slice, "up")).isTrue();
        assertThat(OpenAiRequestEncoder.AlreadyAsSent.check(around, "up")).isFalse();
        // cut inside the model's value: the name must end inside the range
        Buffer cut = around.slice(start, start + body.indexOf("up") + 1);
        assertThat(OpenAiRequestEncoder.AlreadyAsSent.check(cut, "up")).isFalse();
    }

    @Test
    void anyDoubtAboutTheBodyMeansItIsReEncoded() throws Exception {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        // other model; streaming fields; a second "model"; an escaped key that hides the real top-level model
        for (String body : List.of(
                "{\"model\":\"alias\"," + messages + "}",
                "{\"model\":\"up\",\"stream\":true," + messages + "}",
                "{\"model\":\"up\",\"stream_options\":{\"include_usage\":true}," + messages + "}",
                "{\"model\":\"up\",\"metadata\":{\"model\":\"up\"}," + messages + "}",
                "{\"mod\\u0065l\":\"alias\",\"metadata\":{\"model\":\"up\"}," + messages + "}")) {
            ChatRequest r = nativeRequest(body, false);
            Buffer sent = OpenAiRequestEncoder.encode(r, "up");
            assertThat(sent).as(body).isNotSameAs(r.nativeBody().get().bytes());
            JsonNode tree = json(sent);
            assertThat(tree.path("model").asText()).as(body).isEqualTo("up");
            assertThat(tree.has("stream_options")).as(body).isFalse();
            assertThat(tree.path("stream").asBoolean(false)).as(body).isFalse();
        }
    }

    @Test
    void streamingBodyThatOnlyLacksTheUsageOptionGetsItSplicedInBeforeTheClosingBrace() throws Exception {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"a \\\"quoted\\\" {brace} [and] \\\\\"}]";
        for (String body : List.of(
                "{\"model\":\"up\",\"stream\":true," + messages + "}",
                "{ \"model\" : \"up\",\n  \"stream\" :\ttrue, " + messages + ", \"temperature\": 0.70 }\n\n")) {
            ChatRequest r = nativeRequest(body, true);
            assertThat(OpenAiRequestEncoder.AlreadyAsSent.withUsage(r.nativeBody().get().bytes(), "up")).as(body)
                    .isNotNull();

            String sent = OpenAiRequestEncoder.encode(r, "up").toString();

            assertThat(sent).as(body).isEqualTo(body.substring(0, body.lastIndexOf('}'))
                    + ",\"stream_options\":{\"include_usage\":true}}");
            // the same JSON as the token-by-token copy makes
            JsonNode tree = json(Buffer.buffer(sent));
            assertThat(tree.path("stream").asBoolean()).isTrue();
            assertThat(tree.at("/stream_options/include_usage").asBoolean()).isTrue();
            assertThat(tree.at("/messages/0/content").asText()).isEqualTo("a \"quoted\" {brace} [and] \\");
            assertThat(tree.path("model").asText()).isEqualTo("up");
        }
    }

    @Test
    void streamingBodyIsCopiedWhenTheSpliceWouldBeInDoubt() throws Exception {
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        // other model; own stream options; a nested "stream" but none at the top; "stream" twice (once in a
        // string); an escape
        for (String body : List.of(
                "{\"model\":\"up\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"\\\"stream\\\"\"}]}",
                "{\"model\":\"alias\",\"stream\":true," + messages + "}",
                "{\"model\":\"up\",\"stream\":true,\"stream_options\":{\"other\":1}," + messages + "}",
                "{\"model\":\"up\",\"metadata\":{\"stream\":true}," + messages + "}",
                "{\"model\":\"up\",\"stream\":true,\"metadata\":{\"stream\":true}," + messages + "}",
                "{\"model\":\"up\",\"stream\":true,\"user\":\"\\u0041\"," + messages + "}")) {
            Buffer bytes = Buffer.buffer(body);
            assertThat(OpenAiRequestEncoder.AlreadyAsSent.withUsage(bytes, "up")).as(body).isNull();

            JsonNode tree = json(OpenAiRequestEncoder.encode(nativeRequest(body, true), "up"));
            assertThat(tree.path("model").asText()).as(body).isEqualTo("up");
            assertThat(tree.path("stream").asBoolean()).as(body).isTrue();
            assertThat(tree.at("/stream_options/include_usage").asBoolean()).as(body).isTrue();
        }
    }

    /** The splice, like the unchanged check, reads the body where it lies in a larger buffer. */
    @Test
    void theSpliceReadsOnlyTheBodysOwnBytes() {
        String body = "{\"model\":\"up\",\"stream\":true,\"messages\":[]}";
        Buffer around = Buffer.buffer("[{\"x\":1}," + body + "]");
        int start = around.toString().indexOf(body);
        Buffer slice = around.slice(start, start + body.length());

        assertThat(OpenAiRequestEncoder.AlreadyAsSent.withUsage(slice, "up").toString())
                .isEqualTo("{\"model\":\"up\",\"stream\":true,\"messages\":[],"
                        + "\"stream_options\":{\"include_usage\":true}}");
        assertThat(OpenAiRequestEncoder.AlreadyAsSent.withUsage(around, "up")).isNull();
    }

    @Test
    void geminiNativeBodyIsNotMistakenForAnOpenAiOne() throws Exception {
        ChatRequest r = new ChatRequest("m", List.of(Message.text(Role.USER, "hi")), GenerationParams.DEFAULT,
                List.of(), Optional.empty(), Optional.empty(), false, false,
                Optional.of(new NativeBody(WireFormat.GEMINI, Buffer.buffer("{\"contents\":[]}"))));
        JsonNode body = json(OpenAiRequestEncoder.encode(r, "up"));
        assertThat(body.has("contents")).isFalse();
        assertThat(body.at("/messages/0/content").asText()).isEqualTo("hi");
        assertThat(body.has("stream")).isFalse();
    }

    @Test
    void toolResultsInUserTurnsBecomeToolMessagesBeforeTheUserText() throws Exception {
        ChatRequest r = request(List.of(Message.of(Role.USER, List.of(new Part.ToolResult("c1", "f", "42"),
                Part.Text.of("and now?")))), GenerationParams.DEFAULT, false);
        JsonNode messages = json(OpenAiRequestEncoder.encode(r, "m")).path("messages");
        assertThat(messages.size()).isEqualTo(2);
        assertThat(messages.at("/0/role").asText()).isEqualTo("tool");
        assertThat(messages.at("/1/content").asText()).isEqualTo("and now?");
    }
}
