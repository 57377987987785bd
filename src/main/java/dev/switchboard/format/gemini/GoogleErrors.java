package dev.switchboard.format.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.format.Json;
import dev.switchboard.model.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Errors in Google's shape for Gemini-API clients: {@code {"error":{"code","message","status"}}}, sent with
 * {@link GatewayException#httpStatus()}. (Parsing Google errors from upstreams is another class's job.)
 */
public final class GoogleErrors {
    private GoogleErrors() {}

    public static Buffer encode(GatewayException e) {
        return Json.write(g -> write(g, e));
    }

    static void write(JsonGenerator g, GatewayException e) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("error");
        g.writeNumberField("code", e.httpStatus());
        g.writeStringField("message", e.getMessage() == null ? "" : e.getMessage());
        g.writeStringField("status", e.kind().googleStatus());
        g.writeEndObject();
        g.writeEndObject();
    }
}
