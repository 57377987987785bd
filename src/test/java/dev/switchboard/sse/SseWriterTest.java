package dev.switchboard.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseWriterTest {

    @Test
    void dataFromString() {
        assertThat(text(SseWriter.data("{\"a\":1}"))).isEqualTo("data: {\"a\":1}\n\n");
    }

    @Test
    void dataFromBufferCopiesBytesUnchanged() {
        byte[] json = "{\"t\":\"日本 🎉\"}".getBytes(StandardCharsets.UTF_8);
        Buffer source = Buffer.buffer(json);
        Buffer framed = SseWriter.data(source);
        source.setByte(0, (byte) 'X');
        byte[] prefix = "data: ".getBytes(StandardCharsets.US_ASCII);
        assertThat(framed.getBytes()).isEqualTo(concat(prefix, json, new byte[] {'\n', '\n'}));
    }

    @Test
    void dataWithLineBreaksBecomesSeveralDataLines() {
        String expected = "data: a\ndata: b\ndata: c\ndata: d\n\n";
        assertThat(text(SseWriter.data("a\nb\r\nc\rd"))).isEqualTo(expected);
        assertThat(text(SseWriter.data(Buffer.buffer("a\nb\r\nc\rd")))).isEqualTo(expected);
    }

    @Test
    void emptyDataIsOneEmptyDataLine() {
        assertThat(text(SseWriter.data(""))).isEqualTo("data: \n\n");
    }

    @Test
    void dataCrlfUsesGeminiFraming() {
        assertThat(text(SseWriter.dataCrlf(Buffer.buffer("{\"candidates\":[]}"))))
                .isEqualTo("data: {\"candidates\":[]}\r\n\r\n");
        assertThat(text(SseWriter.dataCrlf(Buffer.buffer("a\nb")))).isEqualTo("data: a\r\ndata: b\r\n\r\n");
    }

    @Test
    void namedEvent() {
        assertThat(text(SseWriter.event("error", "{\"e\":1}"))).isEqualTo("event: error\ndata: {\"e\":1}\n\n");
        assertThat(text(SseWriter.event("x", "1\n2"))).isEqualTo("event: x\ndata: 1\ndata: 2\n\n");
    }

    @Test
    void eventNameWithLineBreakIsRejected() {
        assertThatThrownBy(() -> SseWriter.event("a\nb", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SseWriter.event("a\rb", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comment() {
        assertThat(text(SseWriter.comment("keep-alive"))).isEqualTo(": keep-alive\n\n");
        assertThat(text(SseWriter.comment("two\nlines"))).isEqualTo(": two\n: lines\n\n");
    }

    @Test
    void doneIsAFreshBufferEachTime() {
        Buffer first = SseWriter.done();
        assertThat(text(first)).isEqualTo("data: [DONE]\n\n");
        first.setByte(0, (byte) 'X');
        assertThat(text(SseWriter.done())).isEqualTo("data: [DONE]\n\n");
        assertThat(SseWriter.done()).isNotSameAs(SseWriter.done());
    }

    @Test
    void parserReadsBackWhatTheWriterWrote() {
        List<SseEvent> events = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        SseParser parser = new SseParser(events::add, comments::add, 1024);
        parser.feed(SseWriter.data("{\"a\":\"b: c\"}"));
        parser.feed(SseWriter.data("line1\nline2\n"));
        parser.feed(SseWriter.data(""));
        parser.feed(SseWriter.comment("ping"));
        parser.feed(SseWriter.event("error", " leading space"));
        parser.feed(SseWriter.dataCrlf(Buffer.buffer("crlf \u00e9")));
        parser.feed(SseWriter.done());
        assertThat(events).containsExactly(
                SseEvent.message("{\"a\":\"b: c\"}"),
                SseEvent.message("line1\nline2\n"),
                SseEvent.message(""),
                new SseEvent("error", " leading space", Optional.empty()),
                SseEvent.message("crlf \u00e9"),
                SseEvent.message("[DONE]"));
        assertThat(comments).containsExactly("ping");
    }

    private static String text(Buffer buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        Buffer out = Buffer.buffer();
        for (byte[] part : parts) out.appendBytes(part);
        return out.getBytes();
    }
}
