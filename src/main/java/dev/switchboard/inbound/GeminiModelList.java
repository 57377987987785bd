package dev.switchboard.inbound;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.model.ModelInfo;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The model catalog in Gemini's shape ({@code {"models":[{"name":"models/…",…}]}}). A model an upstream Gemini
 * API listed is sent with its own description, byte for byte; others (aliases, models of other formats) get a
 * minimal one. The whole list is one page: there is never a {@code nextPageToken}.
 */
final class GeminiModelList {
    private static final List<String> CHAT_METHODS = List.of("generateContent", "streamGenerateContent", "countTokens");
    private static final List<String> EMBED_METHODS = List.of("embedContent", "batchEmbedContents", "countTokens");

    private GeminiModelList() {}

    static Buffer list(List<ModelInfo> models) {
        return ModelCatalog.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("models");
            for (ModelInfo m : models) writeModel(g, m);
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static Buffer model(ModelInfo m) {
        return ModelCatalog.write(g -> writeModel(g, m));
    }

    private static void writeModel(JsonGenerator g, ModelInfo m) throws IOException {
        Optional<NativeBody> own = m.details().filter(d -> d.format() == WireFormat.GEMINI);
        if (own.isPresent()) {
            g.writeRawValue(own.get().bytes().toString(StandardCharsets.UTF_8));
            return;
        }
        g.writeStartObject();
        g.writeStringField("name", "models/" + m.id());
        g.writeStringField("displayName", m.id());
        g.writeStringField("description", "Served by Switchboard (" + m.ownedBy() + ").");
        g.writeArrayFieldStart("supportedGenerationMethods");
        // A guess from the name; clients use the list to tell chat models from embedding models.
        for (String method : m.id().contains("embedding") ? EMBED_METHODS : CHAT_METHODS) g.writeString(method);
        g.writeEndArray();
        g.writeEndObject();
    }
}
