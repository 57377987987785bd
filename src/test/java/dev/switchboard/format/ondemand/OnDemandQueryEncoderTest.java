package dev.switchboard.format.ondemand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.GenerationParams;
import dev.switchboard.model.Message;
import dev.switchboard.model.Part;
import dev.switchboard.model.Role;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OnDemandQueryEncoderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final OnDemandQueryEncoder.Target SYNC = new OnDemandQueryEncoder.Target("predefined-openai-gpt4o", false, List.of());

    static ChatRequest request(GenerationParams params, Message... messages) {
        return new ChatRequest("gpt-4o", List.of(messages), params, List.of(), Optional.empty(), Optional.empty(), false,
                false, Optional.empty());
    }

    static JsonNode encode(ChatRequest r, OnDemandQueryEncoder.Target t) throws Exception {
        return JSON.readTree(OnDemandQueryEncoder.encode(r, t).getBytes());
    }

    @Test
    void singleUserMessageIsTheQueryUnchangedAndNothingElseIsSent() throws Exception {
        JsonNode body = encode(request(GenerationParams.DEFAULT, Message.text(Role.USER, "What is AI?")), SYNC);
        assertThat(body).isEqualTo(JSON.readTree(
                "{\"endpointId\":\"predefined-openai-gpt4o\",\"query\":\"What is AI?\",\"responseMode\":\"sync\"}"));
    }

    @Test
    void systemPromptAndSamplingGoToModelConfigs() throws Exception {
        GenerationParams p = new GenerationParams(OptionalDouble.of(0.2), OptionalDouble.of(0.9), OptionalInt.of(5),
                OptionalInt.of(300), List.of("###", "END"), OptionalInt.empty(), OptionalDouble.of(0.1),
                OptionalDouble.of(0.4), OptionalLong.empty(), Optional.empty());
        JsonNode body = encode(request(p, Message.text(Role.SYSTEM, "Be brief."), Message.text(Role.SYSTEM, "Use French."),
                Message.text(Role.USER, "hi")), new OnDemandQueryEncoder.Target("predefined-x", true, List.of("plugin-1")));
        assertThat(body.path("responseMode").asText()).isEqualTo("stream");
        assertThat(body.path("query").asText()).isEqualTo("hi");
        assertThat(body.path("pluginIds")).isEqualTo(JSON.readTree("[\"plugin-1\"]"));
        assertThat(body.path("modelConfigs")).isEqualTo(JSON.readTree("""
                {"fulfillmentPrompt":"Be brief.\\n\\nUse French.","stopSequences":["###","END"],"temperature":0.2,
                 "topP":0.9,"maxTokens":300,"presencePenalty":0.1,"frequencyPenalty":0.4}"""));
    }

    @Test
    void conversationIsLaidOutAsHistoryThenTheLastUserMessage() throws Exception {
        JsonNode body = encode(request(GenerationParams.DEFAULT,
                Message.text(Role.SYSTEM, "sys"),
                Message.text(Role.USER, "What's the weather in Paris?"),
                Message.of(Role.ASSISTANT, List.of(Part.Reasoning.of("secret"), Part.Text.of("Let me look."),
                        new Part.ToolCall("call_1", "weather", "{\"city\":\"Paris\"}", Optional.empty()))),
                Message.of(Role.TOOL, List.of(new Part.ToolResult("call_1", "weather", "18°C, cloudy"))),
                Message.text(Role.ASSISTANT, "It is 18°C and cloudy."),
                Message.text(Role.USER, "And tomorrow?")), SYNC);
        assertThat(body.path("query").asText()).isEqualTo("""
                <conversation_history>
                <message role="user">
                What's the weather in Paris?
                </message>
                <message role="assistant">
                Let me look.
                <tool_call id="call_1" name="weather">{"city":"Paris"}</tool_call>
                </message>
                <message role="tool" call_id="call_1" name="weather">
                18°C, cloudy
                </message>
                <message role="assistant">
                It is 18°C and cloudy.
                </message>
                </conversation_history>

                And tomorrow?""");
        assertThat(body.at("/modelConfigs/fulfillmentPrompt").asText()).isEqualTo("sys");
    }

    @Test
    void conversationNotEndingWithAUserMessageIsAllHistory() throws Exception {
        JsonNode body = encode(request(GenerationParams.DEFAULT, Message.text(Role.USER, "Say hi"),
                Message.text(Role.ASSISTANT, "Hi")), SYNC);
        assertThat(body.path("query").asText()).isEqualTo("""
                <conversation_history>
                <message role="user">
                Say hi
                </message>
                <message role="assistant">
                Hi
                </message>
                </conversation_history>""");
    }

    @Test
    void whatAQueryCannotCarryIsRefusedAsTheClientsError() {
        ChatRequest image = request(GenerationParams.DEFAULT, Message.of(Role.USER,
                List.of(Part.Text.of("what is this?"), new Part.InlineData("image/png", "iVBOR"))));
        assertThatThrownBy(() -> OnDemandQueryEncoder.check(image)).isInstanceOf(GatewayException.class)
                .hasMessageContaining("text only");
        GenerationParams n2 = new GenerationParams(OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty(),
                OptionalInt.empty(), List.of(), OptionalInt.of(2), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalLong.empty(), Optional.empty());
        assertThatThrownBy(() -> OnDemandQueryEncoder.check(request(n2, Message.text(Role.USER, "hi"))))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).contains("n"));
        assertThatThrownBy(() -> OnDemandQueryEncoder.check(request(GenerationParams.DEFAULT, Message.text(Role.SYSTEM, "only"))))
                .isInstanceOf(GatewayException.class);
    }
}
