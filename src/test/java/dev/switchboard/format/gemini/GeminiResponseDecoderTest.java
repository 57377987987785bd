package dev.switchboard.format.gemini;

import static dev.switchboard.format.JsonTestSupport.buffer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.Choice;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Part;
import dev.switchboard.model.Usage;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiResponseDecoderTest {

    @Test
    void textThoughtsSignaturesUsageAndMetadata() {
        Buffer body = buffer("""
                {"candidates":[{"content":{"role":"model","parts":[
                    {"text":"Considering the question","thought":true},
                    {"text":"The answer is 4.","thoughtSignature":"c2lnMQ=="}]},
                  "finishReason":"STOP","index":0,"safetyRatings":[]}],
                 "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":5,"totalTokenCount":40,
                   "thoughtsTokenCount":23,"cachedContentTokenCount":8},
                 "modelVersion":"gemini-2.5-pro","responseId":"abc123"}
                """);
        ChatResponse r = GeminiResponseDecoder.decode(body);
        assertThat(r.id()).isEqualTo("abc123");
        assertThat(r.model()).isEqualTo("gemini-2.5-pro");
        assertThat(r.choices()).containsExactly(new Choice(0, List.of(
                Part.Reasoning.of("Considering the question"),
                new Part.Text("The answer is 4.", Optional.of("c2lnMQ=="))), Optional.of(FinishReason.STOP)));
        assertThat(r.usage()).contains(new Usage(12, 28, 40, 23, 8));
        assertThat(r.blockReason()).isEmpty();
        assertThat(r.nativeBody()).hasValueSatisfying(n -> {
            assertThat(n.format()).isEqualTo(WireFormat.GEMINI);
            assertThat(n.bytes()).isSameAs(body);
        });
    }

    @Test
    void functionCallsBecomeToolCallsWithGeneratedIdsAndToolCallsFinish() {
        ChatResponse r = GeminiResponseDecoder.decode(buffer("""
                {"candidates":[{"content":{"role":"model","parts":[
                    {"functionCall":{"name":"weather","args":{"city":"Oslo","days":2}},"thoughtSignature":"U0lH"},
                    {"functionCall":{"id":"fc-7","name":"time","args":{}}}]},
                  "finishReason":"STOP"}]}
                """));
        Choice c = r.choices().getFirst();
        assertThat(c.finishReason()).contains(FinishReason.TOOL_CALLS);
        Part.ToolCall first = (Part.ToolCall) c.parts().get(0);
        assertThat(first.id()).matches("call_[A-Za-z0-9]{24}");
        assertThat(first.name()).isEqualTo("weather");
        assertThat(first.argumentsJson()).isEqualTo("{\"city\":\"Oslo\",\"days\":2}");
        assertThat(first.signature()).contains("U0lH");
        assertThat(c.parts().get(1)).isEqualTo(new Part.ToolCall("fc-7", "time", "{}", Optional.empty()));
        assertThat(r.id()).as("generated when Gemini sends none").isNotBlank();
    }

    @Test
    void dataPartsAndCodeExecution() {
        ChatResponse r = GeminiResponseDecoder.decode(buffer("""
                {"candidates":[{"content":{"parts":[
                    {"inlineData":{"mimeType":"image/png","data":"iVBO"}},
                    {"fileData":{"fileUri":"gs://b/o"}},
                    {"executableCode":{"language":"PYTHON","code":"print(1)"}},
                    {"codeExecutionResult":{"outcome":"OUTCOME_OK","output":"1\\n"}}]},
                  "finishReason":"STOP"}]}
                """));
        assertThat(r.choices().getFirst().parts()).containsExactly(
                new Part.InlineData("image/png", "iVBO"),
                new Part.FileData(Optional.empty(), "gs://b/o"),
                Part.Text.of("\n```python\nprint(1)\n```\n"),
                Part.Text.of("\n```output\n1\n\n```\n"));
    }

    @Test
    void candidateIndexComesFromTheCandidateOrItsPosition() {
        ChatResponse r = GeminiResponseDecoder.decode(buffer("""
                {"candidates":[{"content":{"parts":[{"text":"a"}]}},{"index":1,"content":{"parts":[{"text":"b"}]}}]}
                """));
        assertThat(r.choices()).extracting(Choice::index).containsExactly(0, 1);
        assertThat(r.choices().getFirst().finishReason()).isEmpty();
    }

    @Test
    void nullCountsAndIndexesAreAbsentNotZero() {
        ChatResponse r = GeminiResponseDecoder.decode(buffer("""
                {"candidates":[{"content":{"parts":[{"text":"a"}]}},{"index":null,"content":{"parts":[{"text":"b"}]}}],
                 "usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":4,"totalTokenCount":null}}
                """));
        assertThat(r.choices()).extracting(Choice::index).containsExactly(0, 1);
        assertThat(r.usage()).contains(new Usage(3, 4, 7, 0, 0));
    }

    @Test
    void blockedPrompt() {
        ChatResponse r = GeminiResponseDecoder.decode(buffer("""
                {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},
                 "usageMetadata":{"promptTokenCount":7,"totalTokenCount":7}}
                """));
        assertThat(r.choices()).isEmpty();
        assertThat(r.blockReason()).contains("SAFETY");
        assertThat(r.usage()).contains(new Usage(7, 0, 7, 0, 0));
    }

    @ParameterizedTest
    @CsvSource({
            "STOP, STOP", "MAX_TOKENS, LENGTH",
            "SAFETY, CONTENT_FILTER", "RECITATION, CONTENT_FILTER", "BLOCKLIST, CONTENT_FILTER",
            "PROHIBITED_CONTENT, CONTENT_FILTER", "SPII, CONTENT_FILTER", "IMAGE_SAFETY, CONTENT_FILTER",
            "MALFORMED_FUNCTION_CALL, OTHER", "OTHER, OTHER", "LANGUAGE, OTHER", "UNEXPECTED_TOOL_CALL, OTHER",
            "FINISH_REASON_UNSPECIFIED, OTHER", "SOMETHING_NEW, OTHER"})
    void finishReasonTable(String gemini, FinishReason expected) {
        ChatResponse r = GeminiResponseDecoder.decode(buffer(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"finishReason\":\"" + gemini + "\"}]}"));
        assertThat(r.choices().getFirst().finishReason()).contains(expected);
    }

    @Test
    void fieldsOfAnUnexpectedTypeAreAbsentAndUnknownOnesAreSkippedWhole() {
        ChatResponse r = GeminiResponseDecoder.decode(buffer("""
                {"candidates":[{"index":"1","content":{"parts":[
                    {"text":"kept","thought":"yes","thoughtSignature":7,"extra":{"text":"not this","parts":[1,[2]]}},
                    {"functionCall":"not an object"},
                    {"inlineData":{"mimeType":"image/png","data":"iVBO","more":{"a":[{}]}}}]},
                  "finishReason":3,"safetyRatings":[{"category":"X","probability":"LOW"}],
                  "citationMetadata":{"citations":[{"startIndex":0,"uri":"https://e.x"}]}}],
                 "usageMetadata":{"promptTokenCount":"12","candidatesTokenCount":2.0,"totalTokenCount":{},
                   "promptTokensDetails":[{"modality":"TEXT","tokenCount":12}]},
                 "modelVersion":42,"responseId":["x"],"promptFeedback":"blocked?"}
                """));

        assertThat(r.choices()).containsExactly(new Choice(1, List.of(Part.Text.of("kept"),
                new Part.InlineData("image/png", "iVBO")), Optional.empty()));
        assertThat(r.usage()).as("a missing or wrong total is the sum").contains(new Usage(12, 2, 14, 0, 0));
        assertThat(r.model()).isEmpty();
        assertThat(r.id()).as("generated, as when none is sent").isNotBlank().isNotEqualTo("[\"x\"]");
        assertThat(r.blockReason()).isEmpty();
    }

    @Test
    void functionCallArgumentsKeepTheirNumbersAsWritten() {
        ChatResponse r = GeminiResponseDecoder.decode(buffer("""
                {"candidates":[{"content":{"parts":[{"thoughtSignature":"U0lH","functionCall":
                  {"args":{"price":1.50,"big":12345678901234567890,"list":[true,null,{"n":-2.25}]},"name":"buy"}}]}}]}
                """));

        Part.ToolCall call = (Part.ToolCall) r.choices().getFirst().parts().getFirst();
        assertThat(call.name()).isEqualTo("buy");
        assertThat(call.argumentsJson())
                .isEqualTo("{\"price\":1.50,\"big\":12345678901234567890,\"list\":[true,null,{\"n\":-2.25}]}");
        assertThat(call.signature()).as("the signature came before the call").contains("U0lH");
    }

    @Test
    void aBodyThatIsNotAnObjectIsAnUpstreamError() {
        assertThatThrownBy(() -> GeminiResponseDecoder.decode(buffer("[{\"candidates\":[]}]")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM));
    }

    @Test
    void invalidJsonIsAnUpstreamError() {
        assertThatThrownBy(() -> GeminiResponseDecoder.decode(buffer("{\"candidates\":[")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM);
                    assertThat(e.getMessage()).isEqualTo("upstream sent invalid JSON");
                });
    }
}
