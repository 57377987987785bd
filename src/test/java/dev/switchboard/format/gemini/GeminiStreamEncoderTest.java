package dev.switchboard.format.gemini;

import static dev.switchboard.format.JsonTestSupport.assertJsonEquals;
import static dev.switchboard.format.JsonTestSupport.buffer;
import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.format.JsonTestSupport.Sink;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.Choice;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FinishReason;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.Part;
import dev.switchboard.model.WireFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GeminiStreamEncoderTest {
    private final Sink sink = new Sink();

    private static ChatEvent.Chunk text(String text, Optional<FinishReason> finish) {
        return new ChatEvent.Chunk("r1", List.of(new Choice(0, List.of(Part.Text.of(text)), finish)),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ChatEvent.Chunk nativeChunk(String json) {
        return new ChatEvent.Chunk("r1", List.of(), Optional.empty(), Optional.empty(),
                Optional.of(new NativeBody(WireFormat.GEMINI, buffer(json))));
    }

    @Test
    void sseFramesEndInCrlfCrlf() {
        var enc = new GeminiStreamEncoder("alias", false);
        enc.onChunk(text("Hi", Optional.empty()), sink);
        enc.onChunk(text("!", Optional.of(FinishReason.STOP)), sink);
        enc.onCompleted(true, sink);
        assertThat(sink.frames()).hasSize(2);
        assertThat(sink.frames().get(0).toString()).startsWith("data: {").endsWith("}\r\n\r\n");
        assertJsonEquals(tree(sink.dataPayloads().get(1)), """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"!"}]},"finishReason":"STOP","index":0}],
                 "modelVersion":"alias","responseId":"r1"}
                """);
    }

    @Test
    void nativeEventsPassUnchanged() {
        var enc = new GeminiStreamEncoder("alias", false);
        String event = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]}}],\"modelVersion\":\"gemini-2.5-pro\"}";
        enc.onChunk(nativeChunk(event), sink);
        assertThat(sink.text()).isEqualTo("data: " + event + "\r\n\r\n");
    }

    @Test
    void multiLineNativeEventsStayOneSseEvent() {
        var enc = new GeminiStreamEncoder("alias", false);
        enc.onChunk(nativeChunk("{\"a\":\r\n1}"), sink);
        assertThat(sink.text()).isEqualTo("data: {\"a\":\ndata: 1}\r\n\r\n");
    }

    @Test
    void jsonArrayFraming() {
        var enc = new GeminiStreamEncoder("alias", true);
        enc.onChunk(nativeChunk("{\"n\":1}"), sink);
        enc.onKeepAlive(sink);
        enc.onChunk(nativeChunk("{\"n\":2}"), sink);
        enc.onCompleted(true, sink);
        assertThat(sink.text()).isEqualTo("[{\"n\":1}\r\n,\r\n{\"n\":2}]");
        assertThat(tree(sink.text()).size()).isEqualTo(2);
    }

    @Test
    void emptyJsonArrayStreamIsStillAnArray() {
        var enc = new GeminiStreamEncoder("alias", true);
        enc.onCompleted(true, sink);
        assertThat(sink.text()).isEqualTo("[]");
    }

    @Test
    void failureEndsWithGoogleErrorInBand() {
        var enc = new GeminiStreamEncoder("alias", true);
        enc.onChunk(nativeChunk("{\"n\":1}"), sink);
        enc.onFailed(new GatewayException(ErrorKind.UNAVAILABLE, "overloaded"), sink);
        enc.onCompleted(true, sink); // ignored
        assertJsonEquals(tree(sink.text()), """
                [{"n":1},{"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}]
                """);
    }

    @Test
    void endWithoutFinishReasonIsAnError() {
        var enc = new GeminiStreamEncoder("alias", false);
        enc.onChunk(text("partial", Optional.empty()), sink);
        enc.onCompleted(false, sink);
        assertThat(sink.dataPayloads()).hasSize(2);
        assertThat(tree(sink.dataPayloads().get(1)).at("/error/status").asText()).isEqualTo("UNAVAILABLE");
        assertThat(sink.text()).doesNotContain("\"STOP\"");
    }

    @Test
    void sseKeepAliveIsAComment() {
        var enc = new GeminiStreamEncoder("alias", false);
        enc.onKeepAlive(sink);
        assertThat(sink.text()).isEqualTo(": keep-alive\r\n\r\n");
    }
}
