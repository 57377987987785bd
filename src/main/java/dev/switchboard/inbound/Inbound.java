package dev.switchboard.inbound;

import dev.switchboard.model.CallContext;
import dev.switchboard.model.WireFormat;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every inbound API does around its own work: request id, client authentication, the body with its
 * limit, cancellation when the client leaves, errors in the client's format, one access-log line.
 */
public final class Inbound {
    private static final Logger access = LoggerFactory.getLogger("dev.switchboard.access");

    private final Dispatcher dispatcher;
    private final ClientAuth auth;
    private final long maxBodyBytes;
    private final ClientLimits limits;

    public Inbound(Dispatcher dispatcher, ClientAuth auth, long maxBodyBytes) {
        this(dispatcher, auth, maxBodyBytes, ClientLimits.none());
    }

    public Inbound(Dispatcher dispatcher, ClientAuth auth, long maxBodyBytes, ClientLimits limits) {
        this.dispatcher = dispatcher;
        this.auth = auth;
        this.maxBodyBytes = maxBodyBytes;
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
            c.onTokensUsed(tokenSink);
            request.response().closeHandler(v -> c.cancel());
            ctx = Optional.of(c);
            return c;
        }

        Optional<CallContext> callContext() { return ctx; }
    }

    public void handle(HttpServerRequest req, WireFormat format, BodyWork work) {
        Exchange ex = begin(req, format);
        if (!authenticate(ex, format)) return;
        BodyReader.read(req, maxBodyBytes)
                .compose(body -> limits.admit(ex.clientKey).compose(v -> work.run(ex, body)))
                .onFailure(err -> ErrorResponses.send(req.response(), format, err, ex.requestId));
    }

    public void handleGet(HttpServerRequest req, WireFormat format, Work work) {
        Exchange ex = begin(req, format);
        if (!authenticate(ex, format)) return;
        Future.succeededFuture().compose(v -> work.run(ex))
                .onFailure(err -> ErrorResponses.send(req.response(), format, err, ex.requestId));
    }

    private Exchange begin(HttpServerRequest req, WireFormat format) {
        Exchange ex = new Exchange(req, format);
        HttpServerResponse resp = req.response();
        resp.putHeader("x-request-id", ex.requestId);
        resp.endHandler(v -> logAccess(ex, resp));
        return ex;
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
            ErrorResponses.send(ex.request.response(), format, e, ex.requestId);
            return false;
        }
    }

    private static void logAccess(Exchange ex, HttpServerResponse resp) {
        if (!access.isInfoEnabled()) return;
        long micros = (System.nanoTime() - ex.startNanos) / 1000;
        Optional<CallContext.Served> served = ex.ctx.flatMap(CallContext::served);
        access.info("{} {} {} {} model={} provider={} credential={} upstream_model={} {}us", ex.requestId,
                ex.request.method(), ex.request.path(), resp.getStatusCode(),
                ex.ctx.map(CallContext::requestedModel).orElse("-"),
                served.map(CallContext.Served::provider).orElse("-"),
                served.map(CallContext.Served::credential).orElse("-"),
                served.map(CallContext.Served::upstreamModel).orElse("-"), micros);
    }
}
