package dev.switchboard.format.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.format.Json;
import io.vertx.core.buffer.Buffer;

/**
 * The model names inside non-chat Gemini bodies: {@code model} of {@code embedContent}, {@code requests[].model}
 * of {@code batchEmbedContents}, {@code generateContentRequest.model} of {@code countTokens}. When routing sends
 * a request to another model than the client named, these must name it too (Gemini rejects a batch whose
 * requests name another model than the URL). Fields keep their order; only present ones change.
 */
public final class GeminiModelFields {
    private GeminiModelFields() {}

    /** {@code body} with every model field naming {@code upstreamModel}; the same bytes if it names none. */
    public static Buffer rename(Buffer body, JsonNode root, String upstreamModel) {
        ObjectNode copy = root.deepCopy();
        String name = "models/" + upstreamModel;
        boolean changed = set(copy, name);
        JsonNode inner = copy.get(GeminiFieldNames.in(copy, "generateContentRequest"));
        if (inner instanceof ObjectNode o) changed |= set(o, name);
        for (JsonNode r : copy.path("requests")) {
            if (r instanceof ObjectNode o) changed |= set(o, name);
        }
        return changed ? Buffer.buffer(Json.compact(copy)) : body;
    }

    private static boolean set(ObjectNode o, String name) {
        if (!o.has("model") || o.get("model").asText().equals(name)) return false;
        o.put("model", name);
        return true;
    }
}
