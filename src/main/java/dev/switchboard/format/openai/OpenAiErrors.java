package dev.switchboard.format.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.format.Json;
import dev.switchboard.model.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Optional;

/**
 * Errors in OpenAI's shape: {@code {"error":{"message","type","param","code"}}}, sent with
 * {@link GatewayException#httpStatus()}, or in-band in a stream.
 */
public final class OpenAiErrors {
    private OpenAiErrors() {}

    public static Buffer encode(GatewayException e) {
        return Json.write(g -> write(g, e));
    }

    static void write(JsonGenerator g, GatewayException e) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("error");
        g.writeStringField("message", e.getMessage() == null ? "" : e.getMessage());
        g.writeStringField("type", e.kind().openAiType());
        writeOptional(g, "param", e.param());
        writeOptional(g, "code", e.code().or(() -> defaultCode(e)));
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The codes OpenAI SDKs and clients switch on, for errors that did not bring their own. */
    private static Optional<String> defaultCode(GatewayException e) {
        return switch (e.kind()) {
            case RATE_LIMITED -> Optional.of("rate_limit_exceeded");
            case AUTHENTICATION -> Optional.of("invalid_api_key");
            case NOT_FOUND -> Optional.of("model_not_found");
            case INVALID_REQUEST, PERMISSION, METHOD_NOT_ALLOWED, PAYLOAD_TOO_LARGE, INTERNAL, UPSTREAM, UNAVAILABLE,
                 TIMEOUT ->
                    Optional.empty();
        };
    }

    private static void writeOptional(JsonGenerator g, String name, Optional<String> value) throws IOException {
        if (value.isPresent() && !value.get().isEmpty()) g.writeStringField(name, value.get());
        else g.writeNullField(name);
    }
}
