package dev.switchboard.format.ondemand;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** The body of {@code POST /sessions} and the session id in its answer ({@code data.id}). */
public final class OnDemandSessionBodies {
    private OnDemandSessionBodies() {}

    public static Buffer create(String externalUserId, List<String> pluginIds) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("externalUserId", externalUserId);
            g.writeArrayFieldStart("pluginIds");
            for (String id : pluginIds) g.writeString(id);
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** Fails with an UPSTREAM error when the answer has no session id. */
    public static String sessionId(Buffer answer) {
        JsonNode id = Json.parseObject(answer, ErrorKind.UPSTREAM, "OnDemand session answer").path("data").path("id");
        if (!id.isTextual() || id.textValue().isBlank()) {
            throw new GatewayException(ErrorKind.UPSTREAM, "OnDemand created no session (no data.id in its answer)");
        }
        return id.textValue();
    }
}
