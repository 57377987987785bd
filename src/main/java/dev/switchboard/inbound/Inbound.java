package dev.switchboard.inbound;

import dev.switchboard.format.Headers;
import dev.switchboard.model.CallContext;
import dev.switchboard.model.WireFormat;
import dev.switchboard.observe.RequestObservation;
import dev.switchboard.observe.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * What every inbound API does around its own work: request id, client authentication, the body with its
 * limit, cancellation when the client leaves, errors in the client's format, one access-log line.
 */
public final class Inbound {
    /** The time the gateway itself spent on the request up to the response headers (no upstream waits). */
    public static final String OVERHEAD_HEADER = Headers.X_SWITCHBOARD_OVERHEAD.toString();

    private final Dispatcher dispatcher;
    private final ClientAuth auth;
    private final long maxBodyBytes;
    private final Telemetry telemetry;
    private final ClientLimits limits;

    public Inbound(Dispatcher dispatcher, ClientAuth auth, long maxBodyBytes, Telemetry telemetry, ClientLimits limits) {
        this.dispatcher = dispatcher;
        this.auth = auth;
        this.maxBodyBytes = maxBodyBytes;
        this.telemetry = telemetry;
        this.limits = limits;
    }

    public Dispatcher dispatcher() { return dispatcher; }

    /** Work on a request body; may throw a GatewayException synchronously or fail its future. */
    public interface BodyWork {
        Future<?> run(Exchange exchange, Buffer body);
    }

    public interface Work {
        Future<?> run(Exchange exchange);
    }

    /** One client request in progress. */
    public static final class Exchange {
        private final String requestId;
        private final WireFormat format;
        private final long startNanos = System.nanoTime();
        private final HttpServerRequest request;
        private List<String> clientKeys = List.of();
        private Optional<String> clientKey = Optional.empty();
        private LongConsumer tokenSink = tokens -> {};
        private Optional<CallContext> ctx = Optional.empty();
        private RequestObservation observation;

        Exchange(HttpServerRequest request, WireFormat format) {
            this.request = request;
            this.format = format;
            this.requestId = RequestIds.of(request);
        }

        public String requestId() { return requestId; }

        public HttpServerRequest request() { return request; }

        /** The call context for {@code model}; cancelled when the client's connection closes. */
        public CallContext context(String model) {
            CallContext c = new CallContext(requestId, format, model, startNanos, clientKeys);
            c.observe(observation);
            observation.routed(c);
            c.onTokensUsed(tokenSink);
            ctx = Optional.of(c);
            return c;
        }

        Optional<CallContext> callContext() { return ctx; }
    }

    public void handle(HttpServerRequest req, WireFormat format, BodyWork work) {
        Exchange ex = begin(req, format);
        if (!authenticate(ex, format)) return;
        BodyReader.read(req, maxBodyBytes)
                .compose(body -> {
                    ex.observation.requestBody(body);
                    return limits.admit(ex.clientKey).compose(v -> work.run(ex, body));
                })
                .onFailure(err -> fail(ex, format, err));
    }

    public void handleGet(HttpServerRequest req, WireFormat format, Work work) {
        Exchange ex = begin(req, format);
        if (!authenticate(ex, format)) return;
        Future.succeededFuture().compose(v -> work.run(ex))
                .onFailure(err -> fail(ex, format, err));
    }

    private Exchange begin(HttpServerRequest req, WireFormat format) {
        Exchange ex = new Exchange(req, format);
        HttpServerResponse resp = req.response();
        ex.observation = telemetry.begin(ex.requestId, format.name().toLowerCase(Locale.ROOT), req.method().name(),
                req.path());
        resp.putHeader(Headers.X_REQUEST_ID, ex.requestId);
        resp.headersEndHandler(v -> resp.putHeader(Headers.X_SWITCHBOARD_OVERHEAD, ex.observation.headersWritten(resp.isChunked())));
        resp.endHandler(v -> ex.observation.end(resp.getStatusCode(), false));
        resp.closeHandler(v -> {
            ex.ctx.ifPresent(CallContext::cancel);
            ex.observation.end(resp.getStatusCode(), !resp.ended());   // HTTP/2 closes streams after a normal end too
        });
        return ex;
    }

    private static void fail(Exchange ex, WireFormat format, Throwable err) {
        ex.observation.failed(err);
        ErrorResponses.send(ex.request.response(), format, err, ex.requestId);
    }

    private boolean authenticate(Exchange ex, WireFormat format) {
        try {
            ClientAuth.Result who = auth.check(ex.request);
            ex.clientKeys = who.clientUpstreamKeys();
            ex.clientKey = who.clientKey();
            ex.tokenSink = tokens -> limits.tokensUsed(who.clientKey(), tokens);
            return true;
        } catch (RuntimeException e) {
            ex.request.resume();
            fail(ex, format, e);
            return false;
        }
    }
}
