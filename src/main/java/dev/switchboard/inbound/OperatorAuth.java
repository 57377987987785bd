package dev.switchboard.inbound;

import dev.switchboard.model.WireFormat;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Optional;

/**
 * The guard of the operators' endpoints ({@code /metrics}, {@code /admin/reload}): the metrics key when one is
 * set, else the client keys (open when there are none), presented like a client key.
 */
final class OperatorAuth {
    private final ClientAuth keys;

    OperatorAuth(Optional<String> metricsKey, List<String> clientKeys) {
        this.keys = new ClientAuth(metricsKey.map(List::of).orElse(clientKeys), false);
    }

    /** True if the request may pass; otherwise it has been answered with a 401. */
    boolean admits(HttpServerRequest req) {
        try {
            keys.check(req);
            return true;
        } catch (RuntimeException e) {
            req.response().putHeader("www-authenticate", "Bearer");
            ErrorResponses.send(req.response(), WireFormat.OPENAI, e, "-");
            return false;
        }
    }
}
