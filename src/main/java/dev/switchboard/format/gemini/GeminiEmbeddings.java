package dev.switchboard.format.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.EmbeddingRequest;
import dev.switchboard.model.Embeddings;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Usage;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Canonical embedding requests as Gemini's {@code embedContent} (one text) or {@code batchEmbedContents} (a
 * list), and their answers back. Each request names its model, as Gemini requires for batches.
 */
public final class GeminiEmbeddings {
    private GeminiEmbeddings() {}

    public static String method(EmbeddingRequest r) {
        return r.batch() ? "batchEmbedContents" : "embedContent";
    }

    public static Buffer encode(EmbeddingRequest r, String upstreamModel) {
        return Json.write(g -> {
            if (!r.batch()) {
                writeRequest(g, r, r.inputs().getFirst(), upstreamModel);
                return;
            }
            g.writeStartObject();
            g.writeArrayFieldStart("requests");
            for (String text : r.inputs()) writeRequest(g, r, text, upstreamModel);
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeRequest(JsonGenerator g, EmbeddingRequest r, String text, String model) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", "models/" + model);
        g.writeObjectFieldStart("content");
        g.writeArrayFieldStart("parts");
        g.writeStartObject();
        g.writeStringField("text", text);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        if (r.dimensions().isPresent()) g.writeNumberField("outputDimensionality", r.dimensions().getAsInt());
        g.writeEndObject();
    }

    /** An {@code embedContent} ({@code embedding}) or {@code batchEmbedContents} ({@code embeddings}) answer. */
    public static Embeddings decode(Buffer body) {
        JsonNode root = Json.parseObject(body, ErrorKind.UPSTREAM, "upstream answer");
        List<double[]> vectors = new ArrayList<>();
        JsonNode single = root.get("embedding");
        if (single != null) {
            vectors.add(values(single));
        } else {
            for (JsonNode e : root.path("embeddings")) vectors.add(values(e));
        }
        if (vectors.isEmpty()) throw new GatewayException(ErrorKind.UPSTREAM, "upstream answer holds no embedding");
        JsonNode usage = root.get("usageMetadata");
        Optional<Usage> u = usage == null ? Optional.empty() : Optional.of(new Usage(
                usage.path("promptTokenCount").asInt(), 0, usage.path("totalTokenCount").asInt(
                        usage.path("promptTokenCount").asInt()), 0, 0));
        return new Embeddings(vectors, u);
    }

    private static double[] values(JsonNode embedding) {
        JsonNode values = embedding.path("values");
        if (!values.isArray()) throw new GatewayException(ErrorKind.UPSTREAM, "upstream embedding has no 'values'");
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i).asDouble();
        return out;
    }
}
