package dev.switchboard.format.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.format.JsonFields;
import dev.switchboard.model.EmbeddingRequest;
import dev.switchboard.model.Embeddings;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Usage;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;

/**
 * OpenAI's {@code /v1/embeddings}: decodes the request ({@code input} a string or a list of strings; token
 * arrays are refused, since no Gemini model takes them) and encodes the answer, as JSON numbers or, with
 * {@code encoding_format: base64}, as base64 of little-endian float32 as OpenAI sends it.
 */
public final class OpenAiEmbeddings {
    private OpenAiEmbeddings() {}

    public static EmbeddingRequest decode(Buffer body) {
        JsonNode root = Json.parseObject(body, ErrorKind.INVALID_REQUEST, "request body");
        String model = JsonFields.string(root, "model", "").filter(s -> !s.isBlank())
                .orElseThrow(() -> JsonFields.missing("model"));
        JsonNode input = root.get("input");
        if (input == null || input.isNull()) throw JsonFields.missing("input");
        boolean batch = input.isArray();
        List<String> texts = batch ? texts(input) : List.of(text(input, "input"));
        OptionalInt dimensions = JsonFields.integer(root, "dimensions", "");
        if (dimensions.isPresent() && dimensions.getAsInt() < 1) {
            throw GatewayException.invalid("dimensions", "'dimensions' must be at least 1; got " + dimensions.getAsInt());
        }
        String format = JsonFields.string(root, "encoding_format", "").orElse("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw GatewayException.invalid("encoding_format", "'encoding_format' must be 'float' or 'base64'; got '" + format + "'");
        }
        return new EmbeddingRequest(model, texts, batch, dimensions, format.equals("base64"));
    }

    private static List<String> texts(JsonNode input) {
        if (input.isEmpty()) throw GatewayException.invalid("input", "'input' must not be empty");
        List<String> out = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) out.add(text(input.get(i), JsonFields.path("input", i)));
        return out;
    }

    private static String text(JsonNode n, String at) {
        if (n.isTextual()) return n.textValue();
        if (n.isNumber() || n.isArray()) {
            throw GatewayException.invalid(at, "'" + at + "': token arrays are not supported; send the text instead");
        }
        throw JsonFields.wrongType(at, "a string");
    }

    public static Buffer encode(Embeddings e, String clientModel, boolean base64) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            for (int i = 0; i < e.vectors().size(); i++) {
                double[] v = e.vectors().get(i);
                g.writeStartObject();
                g.writeStringField("object", "embedding");
                g.writeNumberField("index", i);
                g.writeFieldName("embedding");
                if (base64) {
                    g.writeString(base64(v));
                } else {
                    g.writeArray(v, 0, v.length);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("model", clientModel);
            Usage u = e.usage().orElse(Usage.ZERO);
            g.writeObjectFieldStart("usage");
            g.writeNumberField("prompt_tokens", u.promptTokens());
            g.writeNumberField("total_tokens", u.totalTokens());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    static String base64(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) b.putFloat((float) d);
        return Base64.getEncoder().encodeToString(b.array());
    }
}
