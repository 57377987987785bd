package dev.switchboard.inbound;

import dev.switchboard.format.Bodies;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** Reads a request body up to a limit; a larger one is refused (413) as soon as the limit is known to be passed. */
final class BodyReader {
    private BodyReader() {}

    static Future<Buffer> read(HttpServerRequest req, long maxBytes) {
        String len = req.getHeader("content-length");
        long announced = -1;
        if (len != null) {
            try {
                announced = Long.parseLong(len.trim());
            } catch (NumberFormatException e) {
                return Future.failedFuture(new GatewayException(ErrorKind.INVALID_REQUEST, "invalid Content-Length header"));
            }
        }
        return Bodies.read(req, maxBytes, announced, () -> tooLarge(maxBytes), () -> {});
    }

    private static GatewayException tooLarge(long max) {
        return new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE,
                "Request body is larger than the limit of " + max + " bytes (server.max_body_bytes).");
    }
}
