package dev.switchboard.format.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import java.io.IOException;
import java.util.Optional;

/** Writers for Gemini {@code Part} objects, shared by the request, response and stream encoders. */
final class GeminiParts {
    private GeminiParts() {}

    static void text(JsonGenerator g, String text, boolean thought, Optional<String> signature) throws IOException {
        g.writeStartObject();
        g.writeStringField("text", text);
        if (thought) g.writeBooleanField("thought", true);
        signature(g, signature);
        g.writeEndObject();
    }

    static void inlineData(JsonGenerator g, String mimeType, String base64) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("inlineData");
        g.writeStringField("mimeType", mimeType);
        g.writeStringField("data", base64);
        g.writeEndObject();
        g.writeEndObject();
    }

    static void fileData(JsonGenerator g, Optional<String> mimeType, String uri) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("fileData");
        if (mimeType.isPresent()) g.writeStringField("mimeType", mimeType.get());
        g.writeStringField("fileUri", uri);
        g.writeEndObject();
        g.writeEndObject();
    }

    static void functionCall(JsonGenerator g, Optional<String> id, String name, JsonNode args,
                             Optional<String> signature) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("functionCall");
        if (id.isPresent()) g.writeStringField("id", id.get());
        g.writeStringField("name", name);
        Json.writeField(g, "args", args);
        g.writeEndObject();
        signature(g, signature);
        g.writeEndObject();
    }

    static void functionResponse(JsonGenerator g, Optional<String> id, String name, String content)
            throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("functionResponse");
        if (id.isPresent()) g.writeStringField("id", id.get());
        g.writeStringField("name", name);
        Json.writeField(g, "response", responseObject(content));
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * Gemini wants a function's response as a JSON object. Tool output that already is one goes as it is;
     * anything else (plain text, arrays, numbers) is wrapped as {@code {"content": <text>}}.
     */
    static JsonNode responseObject(String content) {
        String trimmed = content.strip();
        if (trimmed.startsWith("{")) {
            Optional<JsonNode> parsed = Json.tryParse(trimmed);
            if (parsed.isPresent() && parsed.get().isObject()) return parsed.get();
        }
        return Json.object().put("content", content);
    }

    private static void signature(JsonGenerator g, Optional<String> signature) throws IOException {
        if (signature.isPresent() && !signature.get().isEmpty()) g.writeStringField("thoughtSignature", signature.get());
    }
}
