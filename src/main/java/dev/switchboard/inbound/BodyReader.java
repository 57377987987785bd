package dev.switchboard.inbound;

import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** Reads a request body up to a limit; a larger one is refused (413) as soon as the limit is known to be passed. */
final class BodyReader {
    private BodyReader() {}

    static Future<Buffer> read(HttpServerRequest req, long maxBytes) {
        String len = req.getHeader("content-length");
        if (len != null) {
            try {
                if (Long.parseLong(len.trim()) > maxBytes) return Future.failedFuture(tooLarge(maxBytes));
            } catch (NumberFormatException e) {
                return Future.failedFuture(new GatewayException(ErrorKind.INVALID_REQUEST, "invalid Content-Length header"));
            }
        }
        Promise<Buffer> done = Promise.promise();
        Buffer body = Buffer.buffer(len != null ? (int) Math.min(Long.parseLong(len.trim()), maxBytes) : 1024);
        req.handler(chunk -> {
            if (done.future().isComplete()) return;
            if (body.length() + chunk.length() > maxBytes) {
                done.tryFail(tooLarge(maxBytes));
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> done.tryComplete(body));
        req.exceptionHandler(done::tryFail);
        return done.future();
    }

    private static GatewayException tooLarge(long max) {
        return new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE,
                "Request body is larger than the limit of " + max + " bytes (server.max_body_bytes).");
    }
}
