package dev.switchboard.format.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.format.Json;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamFailure;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Errors in Google's shape for Gemini-API clients: {@code {"error":{"code","message","status"}}}, sent with
 * {@link GatewayException#httpStatus()}, plus a {@code RetryInfo} detail when the gateway knows when to retry.
 * (Parsing Google errors from upstreams is another class's job.)
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
        if (e instanceof UpstreamFailure f && f.retryDelay().isPresent()) writeRetryInfo(g, f.retryDelay().get());
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Google's own hint, which Google's clients read to know when to try again. */
    private static void writeRetryInfo(JsonGenerator g, Duration delay) throws IOException {
        g.writeArrayFieldStart("details");
        g.writeStartObject();
        g.writeStringField("@type", "type.googleapis.com/google.rpc.RetryInfo");
        long millis = Math.max(0, delay.toMillis());
        g.writeStringField("retryDelay", millis % 1000 == 0 ? millis / 1000 + "s" : BigDecimal.valueOf(millis, 3) + "s");
        g.writeEndObject();
        g.writeEndArray();
    }
}
