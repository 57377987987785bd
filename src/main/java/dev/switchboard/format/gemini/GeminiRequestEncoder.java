package dev.switchboard.format.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.NativeBody;
import dev.switchboard.model.ToolChoice;
import dev.switchboard.model.ToolSpec;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Encodes a canonical request as a Gemini {@code generateContent} body (the model goes in the URL). A request
 * that arrived in Gemini format is sent as its original bytes, so fields the canonical model does not know
 * (safety settings, cached content, built-in tools) reach the upstream.
 */
public final class GeminiRequestEncoder {
    private GeminiRequestEncoder() {}

    /** {@code upstreamModel} picks the thinking vocabulary (levels for Gemini 3, budgets before). */
    public static Buffer encode(ChatRequest r, String upstreamModel) {
        Optional<NativeBody> original = r.nativeBody().filter(b -> b.format() == WireFormat.GEMINI);
        if (original.isPresent()) return original.get().bytes();
        ObjectNode generationConfig = GenerationConfigEncoder.build(r, upstreamModel);
        return Json.write(g -> {
            g.writeStartObject();
            GeminiContentsEncoder.writeSystemInstruction(g, r.messages());
            GeminiContentsEncoder.writeContents(g, r.messages());
            if (!r.tools().isEmpty()) writeTools(g, r.tools());
            if (r.toolChoice().isPresent()) writeToolConfig(g, r.toolChoice().get());
            if (!generationConfig.isEmpty()) Json.writeField(g, "generationConfig", generationConfig);
            g.writeEndObject();
        });
    }

    private static void writeTools(JsonGenerator g, List<ToolSpec> tools) throws IOException {
        g.writeArrayFieldStart("tools");
        g.writeStartObject();
        g.writeArrayFieldStart("functionDeclarations");
        for (int i = 0; i < tools.size(); i++) {
            ToolSpec t = tools.get(i);
            g.writeStartObject();
            g.writeStringField("name", t.name());
            if (t.description().isPresent()) g.writeStringField("description", t.description().get());
            Optional<ObjectNode> parameters = parameters(t, i);
            if (parameters.isPresent()) Json.writeField(g, "parameters", parameters.get());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
    }

    /** Gemini rejects an object schema without properties; a function that takes none declares no parameters. */
    private static Optional<ObjectNode> parameters(ToolSpec t, int index) {
        if (t.parameters().isEmpty()) return Optional.empty();
        ObjectNode cleaned = SchemaCleaner.clean(t.parameters().get(), "tools[" + index + "].function.parameters");
        boolean noProperties = !cleaned.has("properties") || cleaned.get("properties").isEmpty();
        if (cleaned.path("type").asText("object").equals("object") && noProperties) return Optional.empty();
        return Optional.of(cleaned);
    }

    private static void writeToolConfig(JsonGenerator g, ToolChoice choice) throws IOException {
        g.writeObjectFieldStart("toolConfig");
        g.writeObjectFieldStart("functionCallingConfig");
        g.writeStringField("mode", switch (choice.mode()) {
            case AUTO -> "AUTO";
            case NONE -> "NONE";
            case REQUIRED -> "ANY";
        });
        // Gemini only honours a name restriction in ANY mode.
        if (choice.mode() == ToolChoice.Mode.REQUIRED && !choice.allowedNames().isEmpty()) {
            g.writeArrayFieldStart("allowedFunctionNames");
            for (String name : choice.allowedNames()) g.writeString(name);
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}
