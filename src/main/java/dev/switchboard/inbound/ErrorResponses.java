package dev.switchboard.inbound;

import dev.switchboard.format.gemini.GoogleErrors;
import dev.switchboard.format.openai.OpenAiErrors;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.model.WireFormat;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes an error in the client's own format. Unexpected exceptions become a 500 with no details. */
public final class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    /** The client-facing form of any failure; a bug is logged with its stack trace and hidden from the client. */
    public static GatewayException toGateway(Throwable t, String requestId) {
        if (t instanceof GatewayException g) return g;
        log.error("unexpected failure in request {}", requestId, t);
        return new GatewayException(ErrorKind.INTERNAL, "Internal error in the gateway (request " + requestId + ").");
    }

    public static void send(HttpServerResponse resp, WireFormat format, Throwable t, String requestId) {
        if (resp.headWritten() || resp.ended() || resp.closed()) return;
        GatewayException e = toGateway(t, requestId);
        Buffer body = switch (format) {
            case GEMINI -> GoogleErrors.encode(e);
            case OPENAI, ONDEMAND -> OpenAiErrors.encode(e);
        };
        resp.setStatusCode(e.httpStatus()).putHeader("content-type", "application/json");
        if (e instanceof UpstreamFailure f && f.retryDelay().isPresent()) {
            resp.putHeader("retry-after", String.valueOf(Math.max(1, f.retryDelay().get().toSeconds())));
        } else if (e instanceof ClientLimits.Exceeded x) {
            resp.putHeader("retry-after", String.valueOf(Math.max(1, x.retryAfter().toSeconds())));
        }
        resp.end(body);
    }
}
