package dev.switchboard.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** JSON-in, JSON-out helpers for translator tests. */
public final class JsonTestSupport {
    /** Databind's own reading and writing, the reference the gateway's tree code is checked against. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonTestSupport() {}

    public static Buffer buffer(String json) {
        return Buffer.buffer(json.getBytes(StandardCharsets.UTF_8));
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("test JSON is invalid: " + json, e);
        }
    }

    public static JsonNode tree(Buffer json) {
        return tree(json.toString(StandardCharsets.UTF_8));
    }

    /** Tree equality: key order and whitespace do not matter, values and types do. */
    public static void assertJsonEquals(Buffer actual, String expected) {
        assertThat(tree(actual)).as(actual.toString()).isEqualTo(tree(expected));
    }

    public static void assertJsonEquals(JsonNode actual, String expected) {
        assertThat(actual).as(actual.toString()).isEqualTo(tree(expected));
    }

    /** Collects everything an encoder writes, in order. */
    public static final class Sink implements java.util.function.Consumer<Buffer> {
        private final List<Buffer> frames = new ArrayList<>();

        @Override
        public void accept(Buffer b) {
            frames.add(b);
        }

        public List<Buffer> frames() {
            return frames;
        }

        public String text() {
            StringBuilder s = new StringBuilder();
            for (Buffer b : frames) s.append(b.toString(StandardCharsets.UTF_8));
            return s.toString();
        }

        /** The payloads of the SSE {@code data:} lines, in order (LF-separated events). */
        public List<String> dataPayloads() {
            List<String> out = new ArrayList<>();
            for (String event : text().split("\r?\n\r?\n")) {
                if (event.startsWith("data: ")) out.add(event.substring("data: ".length()));
            }
            return out;
        }

        /** The JSON payloads, without {@code [DONE]}. */
        public List<JsonNode> jsonPayloads() {
            List<JsonNode> out = new ArrayList<>();
            for (String d : dataPayloads()) if (!d.equals("[DONE]")) out.add(tree(d));
            return out;
        }
    }
}
