package dev.switchboard.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The one Jackson setup the translators share: tree parsing for decoders, streaming generation straight into
 * a Vert.x {@link Buffer} for encoders (Jackson's own output buffer is the only intermediate copy).
 *
 * <p>Only jackson-core's streaming factory and databind's node classes: trees are read from and written to
 * the token stream here, so no {@link ObjectMapper} is ever built on the request path or at start. Building
 * the first one costs about 45 ms on one core (its default date format sets up time zones and locale data)
 * and loads some 400 classes of serializer and deserializer machinery, none of which a tree needs.
 */
public final class Json {
    /** Thread-safe; never reconfigured after class init. */
    public static final JsonFactory FACTORY = new JsonFactory();
    /** The node factory an {@code ObjectMapper} uses by default. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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
        try (JsonGenerator g = FACTORY.createGenerator(new BufferOutputStream(out))) {
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
        return readObject(() -> FACTORY.createParser(bytes), kind, what, Json::readObject);
    }

    /** {@link #parseObject(byte[], ErrorKind, String)} of a buffer's bytes, read in place when it has an array. */
    public static JsonNode parseObject(Buffer body, ErrorKind kind, String what) {
        return readObject(() -> parser(body), kind, what, Json::readObject);
    }

    /** Reads one JSON object from a parser standing on its {@code START_OBJECT}, up to its {@code END_OBJECT}. */
    @FunctionalInterface
    public interface ObjectReader<T> {
        T read(JsonParser p) throws IOException;
    }

    /**
     * A buffer's JSON object read by {@code reader} straight from the parser's tokens (no tree), with the same
     * errors as {@link #parseObject(Buffer, ErrorKind, String)}.
     */
    public static <T> T readObject(Buffer body, ErrorKind kind, String what, ObjectReader<T> reader) {
        return readObject(() -> parser(body), kind, what, reader);
    }

    private interface ParserSource {
        JsonParser open() throws IOException;
    }

    private static <T> T readObject(ParserSource source, ErrorKind kind, String what, ObjectReader<T> reader) {
        try (JsonParser p = source.open()) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new GatewayException(kind, what + " must be a JSON object");
            // The same leniency as ObjectMapper.readTree: what follows the object is not looked at.
            return reader.read(p);
        } catch (JsonProcessingException e) {
            throw new GatewayException(kind, what + " is not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw new GatewayException(kind, what + " could not be read: " + e.getMessage());
        }
    }

    /** A streaming parser over a buffer's bytes, read in place when it has an array, for decoders without a tree. */
    public static JsonParser parser(Buffer body) throws IOException {
        Bytes b = Bytes.of(body);
        return FACTORY.createParser(b.array(), b.from(), b.to() - b.from());
    }

    /** A buffer's bytes as {@code array[from, to)}: the buffer's own array when it has one, read in place, else a copy. */
    public record Bytes(byte[] array, int from, int to) {
        public static Bytes of(Buffer body) {
            ByteBuf b = ((BufferInternal) body).unwrap();
            if (!b.hasArray()) return new Bytes(body.getBytes(), 0, body.length());
            int from = b.arrayOffset() + b.readerIndex();
            return new Bytes(b.array(), from, from + b.readableBytes());
        }
    }

    /**
     * The value the parser is at (an object or array: all of it) as compact JSON text, numbers as they were
     * written. Leaves the parser on the value's last token.
     */
    public static String copyToString(JsonParser p) throws IOException {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            copyExact(p, g);
        }
        return out.toString();
    }

    /**
     * Copies the value the parser is at (all of it, for an object or array) to {@code g}, numbers as the text
     * they were written in: {@code 1.50} stays {@code 1.50}, a 30-digit integer stays whole. Jackson's
     * {@code copyCurrentStructureExact} does the same through a {@code BigDecimal} per fraction (parsed, then
     * laid out again); the parser has already checked the number's syntax, so its text is valid JSON as is.
     * Leaves the parser on the value's last token.
     */
    public static void copyExact(JsonParser p, JsonGenerator g) throws IOException {
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            switch (t) {
                case START_OBJECT -> { g.writeStartObject(); depth++; }
                case START_ARRAY -> { g.writeStartArray(); depth++; }
                case END_OBJECT -> { g.writeEndObject(); depth--; }
                case END_ARRAY -> { g.writeEndArray(); depth--; }
                case FIELD_NAME -> g.writeFieldName(p.currentName());
                case VALUE_STRING -> g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                        g.writeNumber(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                case VALUE_TRUE -> g.writeBoolean(true);
                case VALUE_FALSE -> g.writeBoolean(false);
                case VALUE_NULL -> g.writeNull();
                default -> g.copyCurrentEvent(p);
            }
            if (depth == 0) return;
            t = p.nextToken();
            if (t == null) throw new JsonParseException(p, "unexpected end of input");
        }
    }

    /**
     * The object the parser stands on (at its {@code START_OBJECT}) as a tree, built straight from the token
     * stream: the same nodes ObjectMapper.readTree makes (last of duplicate keys wins, integers as
     * int/long/BigInteger, other numbers as double), without a deserialization context per document. The
     * parser's StreamReadConstraints (nesting depth 1000, lengths) still apply.
     */
    public static ObjectNode readObject(JsonParser p) throws IOException {
        return readObject(p, false);
    }

    private static ObjectNode readObject(JsonParser p, boolean exact) throws IOException {
        ObjectNode o = NODES.objectNode();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            o.replace(name, readValue(p, p.nextToken(), exact));
        }
        return o;
    }

    /**
     * The value the parser is at (its first token is {@code t}) as a tree, as {@code ObjectMapper.readTree} makes
     * it; with {@code exact}, fractions as {@link DecimalNode}s of the digits written ({@code 1.50} stays
     * {@code 1.50}), as a mapper with {@code USE_BIG_DECIMAL_FOR_FLOATS} and trailing zeros kept would.
     */
    private static JsonNode readValue(JsonParser p, JsonToken t, boolean exact) throws IOException {
        if (t == null) throw new JsonParseException(p, "unexpected end of input");
        return switch (t) {
            case START_OBJECT -> readObject(p, exact);
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(readValue(p, e, exact));
                }
                yield a;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> exact ? DecimalNode.valueOf(p.getDecimalValue())
                    : NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            // YAML's !!binary and the like
            case VALUE_EMBEDDED_OBJECT -> {
                Object embedded = p.getEmbeddedObject();
                yield embedded instanceof byte[] b ? NODES.binaryNode(b) : NODES.pojoNode(embedded);
            }
            default -> throw new JsonParseException(p, "unexpected token " + t);
        };
    }

    /**
     * Writes a tree with the generator's own calls: the same JSON as {@code g.writeTree(node)}, without the
     * serializer provider databind sets up for every call. Nodes other than the standard ones (POJO nodes) go
     * through databind as before.
     */
    public static void writeTree(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (var field : node.properties()) {
                    g.writeFieldName(field.getKey());
                    writeTree(g, field.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) writeTree(g, element);
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                }
            }
            case BINARY -> g.writeBinary(node.binaryValue());
            case POJO -> Databind.MAPPER.writeTree(g, node);
        }
    }

    /** {@link #writeTree} as the value of field {@code name}. */
    public static void writeField(JsonGenerator g, String name, JsonNode node) throws IOException {
        g.writeFieldName(name);
        writeTree(g, node);
    }

    /** Parses JSON text that the caller has reason to expect; empty when it is not valid JSON. */
    public static Optional<JsonNode> tryParse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            return Optional.of(readTree(p));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The first value of a parser's input as a tree, as {@code ObjectMapper.readTree} reads it: any JSON value,
     * a {@link MissingNode} for empty input, what follows the value not looked at. Works for any jackson-core
     * parser: {@code ConfigLoader} reads its YAML with it.
     */
    public static JsonNode readTree(JsonParser p) throws IOException {
        return readTree(p, false);
    }

    /** {@link #readTree(JsonParser)}, fractions exact (see {@link #readValue}). */
    public static JsonNode readTree(JsonParser p, boolean exact) throws IOException {
        JsonToken t = p.nextToken();
        return t == null ? MissingNode.getInstance() : readValue(p, t, exact);
    }

    /** {@link #readTree(JsonParser)} of a document's bytes. */
    public static JsonNode readTree(byte[] json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return readTree(p);
        }
    }

    /** {@link #readTree(JsonParser)} of a buffer's bytes, read in place (see {@link #parser(Buffer)}). */
    public static JsonNode readTree(Buffer json) throws IOException {
        try (JsonParser p = parser(json)) {
            return readTree(p);
        }
    }

    /** {@link #readTree(JsonParser)} of a document's text. */
    public static JsonNode readTree(String json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return readTree(p);
        }
    }

    /** Compact JSON text of a tree. */
    public static String compact(JsonNode node) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeTree(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A new empty object node. */
    public static ObjectNode object() { return NODES.objectNode(); }

    /** A new empty array node. */
    public static ArrayNode array() { return NODES.arrayNode(); }

    /** The mapper a POJO node (which no code here makes) needs to be written, built only if one ever is. */
    private static final class Databind {
        static final ObjectMapper MAPPER = new ObjectMapper();
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
