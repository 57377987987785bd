package dev.switchboard.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The one Jackson setup the translators share: tree parsing for decoders, streaming generation straight into
 * a Vert.x {@link Buffer} for encoders (Jackson's own output buffer is the only intermediate copy).
 */
public final class Json {
    /** Thread-safe once configured; never reconfigured after class init. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** Writes one JSON document (or any bytes the writer produces) into a new buffer. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    public static Buffer write(Writer writer) {
        Buffer out = Buffer.buffer(512);
        appendTo(out, writer);
        return out;
    }

    /** Appends the writer's JSON to {@code out}, so SSE framing can surround it without another copy. */
    public static void appendTo(Buffer out, Writer writer) {
        try (JsonGenerator g = MAPPER.createGenerator(new BufferOutputStream(out))) {
            writer.write(g);
        } catch (IOException e) {
            // Only our own in-memory stream is written to, so this means a bug, not a network problem.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a body that must be a JSON object. {@code kind} says whose fault bad JSON is: the client's
     * (INVALID_REQUEST) or the upstream's (UPSTREAM).
     */
    public static JsonNode parseObject(byte[] bytes, ErrorKind kind, String what) {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new GatewayException(kind, what + " is not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw new GatewayException(kind, what + " could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new GatewayException(kind, what + " must be a JSON object");
        }
        return root;
    }

    /** Parses JSON text that the caller has reason to expect; empty when it is not valid JSON. */
    public static Optional<JsonNode> tryParse(String text) {
        try {
            return Optional.ofNullable(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Compact JSON text of a tree. */
    public static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return e.getOriginalMessage() + where;
    }

    /** Lets Jackson flush its internal buffer directly into a Vert.x buffer. */
    private static final class BufferOutputStream extends OutputStream {
        private final Buffer target;

        BufferOutputStream(Buffer target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            target.appendByte((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target.appendBytes(b, off, len);
        }
    }
}
