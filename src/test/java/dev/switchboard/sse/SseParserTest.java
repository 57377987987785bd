package dev.switchboard.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTML spec's event-stream rules, each fixture written with LF and run again with CR and CRLF line
 * endings, and every fixture fed whole, a byte at a time, and split at every one and every two positions.
 */
class SseParserTest {
    private static final int LIMIT = 1 << 20;

    enum LineEnding {
        LF("\n"), CR("\r"), CRLF("\r\n");

        final String text;

        LineEnding(String text) {
            this.text = text;
        }

        String apply(String withLf) {
            return withLf.replace("\n", text);
        }
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void multiLineDataIsJoinedWithLf(LineEnding ending) {
        assertEvents(ending, "data: YHOO\ndata: +2\ndata: 10\n\n", message("YHOO\n+2\n10"));
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void eventFieldSetsTheType(LineEnding ending) {
        assertEvents(ending,
                "event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n",
                event("add", "73857293"), event("remove", "2153"), event("add", "113411"));
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void typeDefaultsToMessageAndDoesNotCarryOver(LineEnding ending) {
        assertEvents(ending, "event: a\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\nevent\ndata: 4\n\n",
                event("a", "1"), message("2"), message("3"), message("4"));
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void commentsAreIgnoredButCountedAndReported(LineEnding ending) {
        Recorder recorder = assertEvents(ending, ": test stream\n\ndata: first\n:ping\n:\n\n", message("first"));
        assertThat(recorder.parser.commentCount()).isEqualTo(3);
        assertThat(recorder.comments).containsExactly("test stream", "ping", "");
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void fieldWithoutColonHasEmptyValue(LineEnding ending) {
        assertEvents(ending, "data\n\ndata\ndata\n\ndata:\n", message(""), message("\n"));
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void oneSpaceAfterColonIsOptionalAndOnlyOneIsStripped(LineEnding ending) {
        assertEvents(ending, "data:test\n\ndata: test\n\ndata:  test\n\ndata:\ttest\n\n",
                message("test"), message("test"), message(" test"), message("\ttest"));
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void onlyTheFirstColonSeparatesNameFromValue(LineEnding ending) {
        assertEvents(ending, "data: {\"a\":\"b:c\"}\n\n", message("{\"a\":\"b:c\"}"));
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void idSticksUntilReplacedAndEmptyIdClearsIt(LineEnding ending) {
        assertEvents(ending, "data: 1\nid: a\n\ndata: 2\n\nid: b\ndata: 3\n\ndata: 4\nid\n\ndata: 5\n\n",
                new SseEvent("message", "1", Optional.of("a")),
                new SseEvent("message", "2", Optional.of("a")),
                new SseEvent("message", "3", Optional.of("b")),
                message("4"), message("5"));
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void idFromAnEventWithoutDataStillApplies(LineEnding ending) {
        assertEvents(ending, "id: 7\n\ndata: x\n\n", new SseEvent("message", "x", Optional.of("7")));
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void idContainingNulIsIgnored(LineEnding ending) {
        assertEvents(ending, "id: a\ndata: 1\n\nid: b\u0000c\ndata: 2\n\n",
                new SseEvent("message", "1", Optional.of("a")), new SseEvent("message", "2", Optional.of("a")));
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void eventWithoutDataIsNotDispatched(LineEnding ending) {
        assertEvents(ending, "event: ping\n\n\n\n: nothing\n\nevent: x\nretry: 5\n\ndata: y\n\n", message("y"));
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void retryIsRecordedOnlyWhenAllDigits(LineEnding ending) {
        Recorder recorder = assertEvents(ending, "retry: 22\n\nretry: hey\nretry: 1.5\nretry\nretry: -3\n\n");
        assertThat(recorder.parser.retryMillis()).hasValue(22);
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void unknownFieldsAndNamePrefixesAreIgnored(LineEnding ending) {
        assertEvents(ending, "data: a\neventually\ndatabase: x\nidentity\nretrying: 3\nData: no\n\n", message("a"));
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void byteOrderMarkIsSkippedOnlyAtTheVeryStart(LineEnding ending) {
        Recorder recorder = assertEvents(ending, "\uFEFFdata: a\n\n\uFEFFdata: ignored\n\n", message("a"));
        assertThat(recorder.parser.commentCount()).isZero();
        assertEvents(ending, "\uFEFF\uFEFFdata: ignored\n\n");
        assertEvents(ending, "\uFEFF: comment\n\ndata: b\n\n", message("b"));
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void multiByteUtf8SurvivesEverySplit(LineEnding ending) {
        assertEvents(ending, "event: é\ndata: héllo 日本 🎉\ndata: ok\nid: ü\n\n",
                new SseEvent("é", "héllo 日本 🎉\nok", Optional.of("ü")));
    }

    @ParameterizedTest
    @EnumSource(LineEnding.class)
    void incompleteTrailingEventIsDiscardedAtEnd(LineEnding ending) {
        assertEvents(ending, "data: a\n\ndata: b\n", message("a"));
        assertEvents(ending, "data: a\n\ndata: b", message("a"));
        assertEvents(ending, "data: a\n\nevent: x\ndata: b\ndata", message("a"));
    }

    @Test
    void typicalOpenAiStream() {
        assertEvents(LineEnding.LF,
                "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                        + ": OPENROUTER PROCESSING\n\n"
                        + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: [DONE]\n\n",
                message("{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}"),
                message("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}"),
                message("[DONE]"));
    }

    @Test
    void crAtTheEndOfAChunkAndLfAtTheStartOfTheNextAreOneLineEnding() {
        Recorder recorder = new Recorder(LIMIT);
        recorder.feed("data: a\r");
        recorder.feed("\ndata: b\r");
        recorder.feed("");              // an empty chunk must not forget the pending CR
        recorder.feed("\n");
        assertThat(recorder.events).isEmpty();
        recorder.feed("\r");
        assertThat(recorder.events).containsExactly(message("a\nb"));
        recorder.feed("\n");            // completes the CRLF: not a second blank line
        recorder.feed("data: c\n\n");
        assertThat(recorder.events).containsExactly(message("a\nb"), message("c"));
    }

    @Test
    void crAtTheEndOfAChunkFollowedByAnotherCrIsABlankLine() {
        Recorder recorder = new Recorder(LIMIT);
        recorder.feed("data: a\r");
        recorder.feed("\rdata: b\r\r");
        assertThat(recorder.events).containsExactly(message("a"), message("b"));
    }

    @Test
    void eventIsDispatchedAsSoonAsItsBlankLineArrives() {
        Recorder recorder = new Recorder(LIMIT);
        recorder.feed("data: a\n");
        assertThat(recorder.events).isEmpty();
        recorder.feed("\n");
        assertThat(recorder.events).containsExactly(message("a"));
    }

    @Test
    void manyEventsInOneChunkArriveInOrder() {
        StringBuilder stream = new StringBuilder();
        List<SseEvent> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            stream.append("data: {\"n\":").append(i).append("}\n\n");
            expected.add(message("{\"n\":" + i + "}"));
        }
        Recorder recorder = new Recorder(LIMIT);
        recorder.feed(stream.toString());
        assertThat(recorder.events).isEqualTo(expected);
    }

    @Test
    void eventAtTheLimitIsAccepted() {
        Recorder recorder = new Recorder(16);
        recorder.feed("data: 1234567890\ndata: 12345\n\n"); // a 16-byte line, then 16 bytes of data
        assertThat(recorder.events).containsExactly(message("1234567890\n12345"));
    }

    @Test
    void eventDataOverTheLimitFailsAndStopsTheParser() {
        Recorder recorder = new Recorder(16);
        assertThatThrownBy(() -> recorder.feed("data: 1234567890\ndata: 123456\n\n"))
                .isInstanceOf(SseParser.EventTooLargeException.class)
                .hasMessageContaining("16 bytes");
        recorder.feed("\n\ndata: x\n\n");
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void unterminatedLineOverTheLimitFailsBeforeItEnds() {
        Recorder recorder = new Recorder(20);
        recorder.feed(": a comment that ");
        assertThatThrownBy(() -> recorder.feed("keeps going and going"))
                .isInstanceOfSatisfying(SseParser.EventTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(20));
    }

    @Test
    void longCommentsBetweenEventsDoNotAccumulateTowardsTheLimit() {
        Recorder recorder = new Recorder(16);
        recorder.feed(": keep-alive 1\n: keep-alive 2\n: keep-alive 3\ndata: ok\n\n");
        assertThat(recorder.events).containsExactly(message("ok"));
    }

    @Test
    void exceptionFromTheSinkStopsTheParser() {
        List<SseEvent> seen = new ArrayList<>();
        SseParser parser = new SseParser(event -> {
            seen.add(event);
            throw new IllegalStateException("client gone");
        }, LIMIT);
        assertThatThrownBy(() -> parser.feed(Buffer.buffer("data: 1\n\ndata: 2\n\n"))).hasMessage("client gone");
        parser.feed(Buffer.buffer("data: 3\n\n"));
        assertThat(seen).containsExactly(message("1"));
    }

    @Test
    void feedAfterEndIsAnError() {
        SseParser parser = new SseParser(event -> {}, LIMIT);
        parser.end();
        assertThatThrownBy(() -> parser.feed(Buffer.buffer("data: x\n\n"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invalidUtf8BecomesReplacementCharacter() {
        Recorder recorder = new Recorder(LIMIT);
        recorder.feed(Buffer.buffer(new byte[] {'d', 'a', 't', 'a', ':', 'a', (byte) 0xC3, '\n', '\n'}));
        assertThat(recorder.events).containsExactly(message("a\uFFFD"));
    }

    @Test
    void eventKeepsTheRawDataBytesForDecodersThatParseBytes() {
        Recorder recorder = new Recorder(LIMIT);
        recorder.feed(Buffer.buffer(new byte[] {'d', 'a', 't', 'a', ':', 'a', (byte) 0xC3, '\n',
                'd', 'a', 't', 'a', ':', ' ', 'b', '\n', '\n', 'd', 'a', 't', 'a', '\n', '\n'}));
        assertThat(recorder.events).hasSize(2);
        SseEvent first = recorder.events.get(0);
        assertThat(first.bytes().getBytes()).containsExactly('a', (byte) 0xC3, '\n', 'b');
        assertThat(first.isEmpty()).isFalse();
        assertThat(first.data()).isEqualTo("a\uFFFD\nb");
        assertThat(recorder.events.get(1).isEmpty()).isTrue();
        assertThat(SseEvent.message("é").bytes().getBytes()).containsExactly((byte) 0xC3, (byte) 0xA9);
    }

    private static SseEvent message(String data) {
        return SseEvent.message(data);
    }

    private static SseEvent event(String type, String data) {
        return new SseEvent(type, data, Optional.empty());
    }

    /**
     * Parses the fixture, converted to {@code ending}, whole and in every split; each way must produce
     * exactly {@code expected}. Returns the recorder of the whole-stream run.
     */
    private static Recorder assertEvents(LineEnding ending, String streamWithLf, SseEvent... expected) {
        byte[] bytes = ending.apply(streamWithLf).getBytes(StandardCharsets.UTF_8);
        List<SseEvent> want = Arrays.asList(expected);

        Recorder whole = Recorder.parse(bytes, 0, 0);
        assertThat(whole.events).as("whole stream").isEqualTo(want);

        Recorder byteByByte = new Recorder(LIMIT);
        for (byte b : bytes) byteByByte.feed(Buffer.buffer(new byte[] {b}));
        byteByByte.parser.end();
        assertThat(byteByByte.events).as("one byte at a time").isEqualTo(want);
        assertThat(byteByByte.comments).as("comments one byte at a time").isEqualTo(whole.comments);

        for (int i = 0; i <= bytes.length; i++) {
            for (int j = i; j <= bytes.length; j++) {
                assertThat(Recorder.parse(bytes, i, j).events).as("split at %d and %d", i, j).isEqualTo(want);
            }
        }
        return whole;
    }

    private static final class Recorder {
        final List<SseEvent> events = new ArrayList<>();
        final List<String> comments = new ArrayList<>();
        final SseParser parser;

        Recorder(int limit) {
            parser = new SseParser(events::add, comments::add, limit);
        }

        /** Feeds {@code bytes} as three chunks split at {@code i} and {@code j}, then ends. */
        static Recorder parse(byte[] bytes, int i, int j) {
            Recorder recorder = new Recorder(LIMIT);
            recorder.feed(Buffer.buffer(Arrays.copyOfRange(bytes, 0, i)));
            recorder.feed(Buffer.buffer(Arrays.copyOfRange(bytes, i, j)));
            recorder.feed(Buffer.buffer(Arrays.copyOfRange(bytes, j, bytes.length)));
            recorder.parser.end();
            return recorder;
        }

        void feed(String text) {
            feed(Buffer.buffer(text));
        }

        void feed(Buffer chunk) {
            parser.feed(chunk);
        }
    }
}
