package dev.switchboard.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonArrayStreamParserTest {
    private static final int LIMIT = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Gemini's own framing; the second string holds an escaped backslash, then an escaped quote. */
    private static final String GOOGLE = "[{\"a\":1}\n,\r\n{\"b\":\"x]}\\\\\\\"y\"}\n]";

    @Test
    void googleFramingSplitAnywhere() throws Exception {
        List<String> elements = assertElements(GOOGLE, "{\"a\":1}", "{\"b\":\"x]}\\\\\\\"y\"}");
        assertThat(JSON.readTree(elements.get(1)).get("b").asText()).isEqualTo("x]}\\\"y");
    }

    @Test
    void prettyPrintedElementsKeepTheirInnerWhitespace() {
        assertElements("[{\n  \"candidates\": [\n    {\"text\": \"hi\"}\n  ]\n}\n,\r\n{\n  \"done\": true\n}\n]\n",
                "{\n  \"candidates\": [\n    {\"text\": \"hi\"}\n  ]\n}", "{\n  \"done\": true\n}");
    }

    @Test
    void nestedArraysAndObjects() {
        assertElements("[{\"a\":[1,{\"b\":[]}]},[[1],[2,[3]]],{\"c\":{\"d\":{}}}]",
                "{\"a\":[1,{\"b\":[]}]}", "[[1],[2,[3]]]", "{\"c\":{\"d\":{}}}");
    }

    @Test
    void stringsMayHoldBracketsQuotesAndEscapedBackslashes() {
        assertElements("[{\"k\":\"{[\\\"]}\"},\"a\\\"]b\",{\"end\":\"\\\\\"},\"\\\\\"]",
                "{\"k\":\"{[\\\"]}\"}", "\"a\\\"]b\"", "{\"end\":\"\\\\\"}", "\"\\\\\"");
    }

    @Test
    void topLevelLiteralsEndAtTheirDelimiter() {
        assertElements("[1, true ,null,-2.5e3\n]", "1", "true", "null", "-2.5e3");
    }

    @Test
    void multiByteUtf8SplitAnywhere() throws Exception {
        List<String> elements = assertElements("[{\"t\":\"héllo 日本 🎉\"}]", "{\"t\":\"héllo 日本 🎉\"}");
        assertThat(JSON.readTree(elements.get(0)).get("t").asText()).isEqualTo("héllo 日本 🎉");
    }

    @Test
    void emptyArraysAndSurroundingWhitespace() {
        assertElements("[]");
        assertElements(" \r\n[ \t\r\n ] \n");
    }

    @Test
    void everyElementIsValidJson() throws Exception {
        for (String element : assertElements("[{\"a\":\"]\"}, [\"}\"], \"{\", 3]", "{\"a\":\"]\"}", "[\"}\"]", "\"{\"", "3")) {
            JsonNode node = JSON.readTree(element);
            assertThat(node).isNotNull();
        }
    }

    @Test
    void elementIsEmittedAsSoonAsItCloses() {
        List<String> seen = new ArrayList<>();
        JsonArrayStreamParser parser = parser(seen, LIMIT);
        parser.feed(Buffer.buffer("[{\"a\":{\"b\":1}"));
        assertThat(seen).isEmpty();
        parser.feed(Buffer.buffer("}"));
        assertThat(seen).containsExactly("{\"a\":{\"b\":1}}");
    }

    @Test
    void emittedElementDoesNotShareBytesWithTheChunk() {
        List<Buffer> seen = new ArrayList<>();
        JsonArrayStreamParser parser = new JsonArrayStreamParser(seen::add, LIMIT);
        Buffer chunk = Buffer.buffer("[{\"a\":1}]");
        parser.feed(chunk);
        chunk.setByte(1, (byte) 'X');
        assertThat(seen.get(0).toString()).isEqualTo("{\"a\":1}");
    }

    @Test
    void streamCutBeforeTheClosingBracketFailsAtEnd() {
        for (String truncated : List.of("", "[", "[{\"a\":1}", "[{\"a\":1},", "[{\"a\":\"}")) {
            JsonArrayStreamParser parser = parser(new ArrayList<>(), LIMIT);
            parser.feed(Buffer.buffer(truncated));
            assertThatThrownBy(parser::end)
                    .as(truncated)
                    .isInstanceOf(JsonArrayStreamParser.MalformedStreamException.class)
                    .hasMessageContaining("ended before");
        }
    }

    @Test
    void strayBytesAreRejectedWithTheirOffset() {
        assertMalformed("{\"a\":1}", "expected '[' but found '{' at byte 0");
        assertMalformed("[{}x{}]", "expected ',' or ']' but found 'x' at byte 3");
        assertMalformed("[{},]", "expected an element but found ']' at byte 4");
        assertMalformed("[,{}]", "expected an element but found ',' at byte 1");
        assertMalformed("[{}] x", "expected nothing after the array but found 'x' at byte 5");
    }

    @Test
    void offsetInErrorsCountsEarlierChunks() {
        JsonArrayStreamParser parser = parser(new ArrayList<>(), LIMIT);
        parser.feed(Buffer.buffer("[{}"));
        assertThatThrownBy(() -> parser.feed(Buffer.buffer(" ;")))
                .hasMessage("expected ',' or ']' but found ';' at byte 4");
    }

    @Test
    void elementAtTheLimitIsAccepted() {
        List<String> seen = new ArrayList<>();
        JsonArrayStreamParser parser = parser(seen, 9);
        parser.feed(Buffer.buffer("[{\"a\":"));
        parser.feed(Buffer.buffer("123}]"));
        parser.end();
        assertThat(seen).containsExactly("{\"a\":123}");
    }

    @Test
    void elementOverTheLimitFailsAndStopsTheParser() {
        List<String> seen = new ArrayList<>();
        JsonArrayStreamParser parser = parser(seen, 9);
        parser.feed(Buffer.buffer("[{\"a\":"));
        assertThatThrownBy(() -> parser.feed(Buffer.buffer("1234}")))
                .isInstanceOfSatisfying(JsonArrayStreamParser.ElementTooLargeException.class,
                        e -> assertThat(e.limit()).isEqualTo(9));
        parser.feed(Buffer.buffer(",{}]"));
        parser.end();
        assertThat(seen).isEmpty();
    }

    @Test
    void unterminatedElementOverTheLimitFailsBeforeItCloses() {
        JsonArrayStreamParser parser = parser(new ArrayList<>(), 9);
        assertThatThrownBy(() -> parser.feed(Buffer.buffer("[{\"a\":\"0123456789")))
                .isInstanceOf(JsonArrayStreamParser.ElementTooLargeException.class);
    }

    /** Parses the stream whole, a byte at a time and split at every one and two positions. */
    private static List<String> assertElements(String stream, String... expected) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<String> want = Arrays.asList(expected);
        List<String> whole = parse(bytes, 0, 0);
        assertThat(whole).as("whole stream").isEqualTo(want);

        List<String> byteByByte = new ArrayList<>();
        JsonArrayStreamParser parser = parser(byteByByte, LIMIT);
        for (byte b : bytes) parser.feed(Buffer.buffer(new byte[] {b}));
        parser.end();
        assertThat(byteByByte).as("one byte at a time").isEqualTo(want);

        for (int i = 0; i <= bytes.length; i++) {
            for (int j = i; j <= bytes.length; j++) {
                assertThat(parse(bytes, i, j)).as("split at %d and %d", i, j).isEqualTo(want);
            }
        }
        return whole;
    }

    private static List<String> parse(byte[] bytes, int i, int j) {
        List<String> seen = new ArrayList<>();
        JsonArrayStreamParser parser = parser(seen, LIMIT);
        parser.feed(Buffer.buffer(Arrays.copyOfRange(bytes, 0, i)));
        parser.feed(Buffer.buffer(Arrays.copyOfRange(bytes, i, j)));
        parser.feed(Buffer.buffer(Arrays.copyOfRange(bytes, j, bytes.length)));
        parser.end();
        return seen;
    }

    private static void assertMalformed(String stream, String message) {
        JsonArrayStreamParser parser = parser(new ArrayList<>(), LIMIT);
        assertThatThrownBy(() -> parser.feed(Buffer.buffer(stream)))
                .isInstanceOf(JsonArrayStreamParser.MalformedStreamException.class)
                .hasMessage(message);
    }

    private static JsonArrayStreamParser parser(List<String> sink, int limit) {
        return new JsonArrayStreamParser(element -> sink.add(element.toString(StandardCharsets.UTF_8)), limit);
    }
}
