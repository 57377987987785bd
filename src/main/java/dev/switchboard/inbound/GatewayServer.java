package dev.switchboard.inbound;

import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.WireFormat;
import dev.switchboard.net.FlushBatching;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import java.util.Optional;

/**
 * The listening socket: one server instance per event loop, all sharing the port and the route table. The table
 * can be replaced while serving (a reloaded configuration): each request takes the table current when it
 * arrives and keeps what it found there, so requests in flight finish on the configuration they started with.
 */
public final class GatewayServer {
    private final Vertx vertx;
    private volatile HttpRoutes routes;
    private String deploymentId;
    private volatile int actualPort;

    public GatewayServer(Vertx vertx, HttpRoutes routes) {
        this.vertx = vertx;
        this.routes = routes;
    }

    /**
     * Strict thread mode: a request's whole exchange runs on its own event loop (the shared resources a request
     * waits for, Redis, token and OnDemand-session fetches, hand their answers back to the caller's context), so
     * responses are written straight to the connection instead of through the cross-thread queue Vert.x otherwise
     * gives every HTTP/1.1 connection: an offer and a drain per write, and a first chunk of 1,024 slots per
     * connection, about 4.7 KB of live heap with the queue itself. During a burst of new streams that state is
     * promoted into new old-generation pages at every young collection (docs/benchmarks.md, "CPU per streamed
     * event"). A write from any other thread throws.
     */
    public Future<Integer> listen(String host, int port, int instances) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setMaxInitialLineLength(16 * 1024)
                .setMaxHeaderSize(64 * 1024)
                .setIdleTimeout(0)
                .setStrictThreadMode(true);
        if (port == 0) instances = 1; // an ephemeral port cannot be shared by several listeners
        return vertx.deployVerticle(() -> new ServerVerticle(options), new DeploymentOptions().setInstances(instances))
                .map(id -> {
                    deploymentId = id;
                    return actualPort;
                });
    }

    public int port() { return actualPort; }

    /** From now on, new requests go to {@code next}. */
    public void routes(HttpRoutes next) { this.routes = next; }

    public Future<Void> close() {
        return deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
    }

    private void dispatch(HttpServerRequest req) {
        HttpRoutes routes = this.routes;
        Optional<Handler<HttpServerRequest>> h = routes.match(req);
        if (h.isPresent()) {
            try {
                h.get().handle(req);
            } catch (RuntimeException e) {
                req.resume();
                ErrorResponses.send(req.response(), formatOf(req.path()), e, "-");
            }
            return;
        }
        req.resume();
        boolean other = routes.knowsPath(req.path());
        GatewayException e = other
                ? new GatewayException(ErrorKind.METHOD_NOT_ALLOWED, "Method " + req.method() + " is not allowed on " + req.path() + ".")
                : new GatewayException(ErrorKind.NOT_FOUND, "Unknown path " + req.path() + ".");
        ErrorResponses.send(req.response(), formatOf(req.path()), e, "-");
    }

    /** The listener's connections send what they write outside a read at the end of the loop's turn. */
    static void batchFlushes(HttpConnection connection) {
        if (connection instanceof HttpServerConnection c) FlushBatching.on(c.channelHandlerContext().pipeline());
    }

    /** Gemini's shape for anything under /v1beta and any {@code models/{model}:{method}} call; OpenAI's otherwise. */
    static WireFormat formatOf(String path) {
        int models = path.indexOf("/models/");
        return path.startsWith("/v1beta") || models >= 0 && path.indexOf(':', models) > 0
                ? WireFormat.GEMINI : WireFormat.OPENAI;
    }

    private final class ServerVerticle extends VerticleBase {
        private final HttpServerOptions options;
        private HttpServer server;

        ServerVerticle(HttpServerOptions options) {
            this.options = options;
        }

        @Override
        public Future<?> start() {
            server = vertx.createHttpServer(options).requestHandler(GatewayServer.this::dispatch)
                    .connectionHandler(GatewayServer::batchFlushes);
            return server.listen().onSuccess(s -> actualPort = s.actualPort());
        }

        @Override
        public Future<?> stop() {
            return server.close();
        }
    }
}
