package dev.switchboard.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted upstream on loopback, in the spirit of OkHttp's MockWebServer: enqueue replies (or set a
 * dispatcher), drive the gateway, then {@link #takeRequest()} to see what the upstream received.
 * Replies can stream chunks with delays, split anywhere, and die mid-stream.
 */
public final class FakeUpstream implements AutoCloseable {
    private final Vertx vertx;
    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> queue = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Recorded> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> closedConnections = new LinkedBlockingQueue<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private volatile Function<Recorded, Reply> dispatcher;
    private final List<String> keysSeen = java.util.Collections.synchronizedList(new ArrayList<>());

    /** What the fake received. */
    public record Recorded(String method, String path, String query, MultiMap headers, String body) {
        public String header(String name) { return headers.get(name); }
    }

    /** One scripted reply: status, headers, then body pieces each sent after its delay. */
    public record Reply(int status, MultiMap headers, List<Piece> pieces, boolean dieAtEnd, Duration headerDelay) {
        public static Reply json(int status, String body) {
            return new Reply(status, MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"),
                    List.of(new Piece(body.getBytes(StandardCharsets.UTF_8), Duration.ZERO)), false, Duration.ZERO);
        }

        /** An SSE reply whose bytes are cut at the given offsets (odd boundaries on purpose), with a delay per piece. */
        public static Reply sse(String wholeBody, Duration perPiece, int... cuts) {
            byte[] b = wholeBody.getBytes(StandardCharsets.UTF_8);
            List<Piece> ps = new ArrayList<>();
            int start = 0;
            for (int c : cuts) {
                if (c <= start || c >= b.length) continue;
                ps.add(new Piece(java.util.Arrays.copyOfRange(b, start, c), perPiece));
                start = c;
            }
            ps.add(new Piece(java.util.Arrays.copyOfRange(b, start, b.length), perPiece));
            return new Reply(200, MultiMap.caseInsensitiveMultiMap().add("content-type", "text/event-stream"), ps,
                    false, Duration.ZERO);
        }

        /** SSE events, one piece each, sent {@code gap} apart. */
        public static Reply sseEvents(Duration gap, String... dataJson) {
            List<Piece> ps = new ArrayList<>();
            for (String d : dataJson) ps.add(new Piece(("data: " + d + "\r\n\r\n").getBytes(StandardCharsets.UTF_8), gap));
            return new Reply(200, MultiMap.caseInsensitiveMultiMap().add("content-type", "text/event-stream"), ps,
                    false, Duration.ZERO);
        }

        public Reply dying() { return new Reply(status, headers, pieces, true, headerDelay); }

        /** Adds a silent wait of {@code d} after the last piece before the reply ends (a stalled upstream). */
        public Reply withTail(Duration d) {
            List<Piece> ps = new ArrayList<>(pieces);
            ps.add(new Piece(new byte[0], d));
            return new Reply(status, headers, ps, dieAtEnd, headerDelay);
        }

        /**
         * The same reply gzip-compressed, as Google's front ends send it to a client that accepts gzip: one
         * stream, flushed after every piece (so each piece still arrives when it would have), with
         * {@code Content-Encoding: gzip}.
         */
        public Reply gzipped() {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            List<Piece> ps = new ArrayList<>();
            try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out, true)) {
                for (Piece p : pieces) {
                    z.write(p.bytes());
                    z.flush();
                    ps.add(new Piece(out.toByteArray(), p.delayBefore()));
                    out.reset();
                }
                z.finish();
                ps.add(new Piece(out.toByteArray(), Duration.ZERO));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new Reply(status, MultiMap.caseInsensitiveMultiMap().addAll(headers).add("content-encoding", "gzip"),
                    ps, dieAtEnd, headerDelay);
        }

        public Reply header(String name, String value) {
            MultiMap h = MultiMap.caseInsensitiveMultiMap().addAll(headers).add(name, value);
            return new Reply(status, h, pieces, dieAtEnd, headerDelay);
        }

        public Reply delayed(Duration d) { return new Reply(status, headers, pieces, dieAtEnd, d); }
    }

    public record Piece(byte[] bytes, Duration delayBefore) {}

    private final String scheme;
    /** Set when the fake started its own Vert.x ({@link #startAlone()}), so that closing it closes that too. */
    private boolean ownVertx;
    private final List<String> serverNames = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<HttpVersion> versions = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger openedConnections = new AtomicInteger();
    private volatile boolean goAwayAfterReply;

    private FakeUpstream(Vertx vertx, HttpServerOptions options) {
        this.vertx = vertx;
        this.scheme = options.isSsl() ? "https" : "http";
        this.server = vertx.createHttpServer(options).requestHandler(this::handle).connectionHandler(conn -> {
            openedConnections.incrementAndGet();
            long opened = System.nanoTime();
            conn.closeHandler(v -> closedConnections.add(System.nanoTime() - opened));
        });
    }

    public static FakeUpstream start(Vertx vertx) {
        FakeUpstream f = new FakeUpstream(vertx, new HttpServerOptions());
        await(f.server.listen(0, "127.0.0.1"));
        return f;
    }

    /** The fake on a Vert.x of its own, which {@link #close()} closes too: for tests that need no other. */
    public static FakeUpstream startAlone() {
        Vertx own = Vertx.vertx();
        FakeUpstream f = start(own);
        f.ownVertx = true;
        return f;
    }

    /** The same fake behind TLS (HTTP/1.1 only), with the given certificate; records the SNI name of each connection. */
    public static FakeUpstream startTls(Vertx vertx, KeyCertOptions certificate) {
        return startTls(vertx, certificate, false);
    }

    /**
     * The fake behind TLS; with {@code http2} it offers HTTP/2 by ALPN as Google's front ends do (h2, then
     * http/1.1), otherwise it speaks HTTP/1.1 only and negotiates nothing.
     */
    public static FakeUpstream startTls(Vertx vertx, KeyCertOptions certificate, boolean http2) {
        FakeUpstream f = new FakeUpstream(vertx, new HttpServerOptions().setSsl(true).setSni(true).setUseAlpn(http2)
                .setKeyCertOptions(certificate));
        await(f.server.listen(0, "127.0.0.1"));
        return f;
    }

    /** The HTTP version of each request, in order of arrival. */
    public List<HttpVersion> versions() { return List.copyOf(versions); }

    /** From now on, each HTTP/2 connection is told to go away (GOAWAY) once it has answered a request. */
    public void goAwayAfterEachReply() { goAwayAfterReply = true; }

    /** How many connections clients have opened to the fake. */
    public int openedConnections() { return openedConnections.get(); }

    public String baseUrl() { return scheme + "://127.0.0.1:" + server.actualPort(); }

    /** The base URL with a host name instead of the loopback address (the name a certificate is issued for). */
    public String baseUrl(String host) { return scheme + "://" + host + ":" + server.actualPort(); }

    /** The server name (SNI) the connection of each TLS request asked for; {@link #NO_SERVER_NAME} when the client sent none. */
    public List<String> serverNames() { return List.copyOf(serverNames); }

    /** What {@link #serverNames()} holds for a TLS request whose client sent no server name. */
    public static final String NO_SERVER_NAME = "(none)";

    public int port() { return server.actualPort(); }

    public FakeUpstream enqueue(Reply r) {
        queue.add(r);
        return this;
    }

    public void dispatcher(Function<Recorded, Reply> d) { this.dispatcher = d; }

    /**
     * Answers by the request's {@code x-goog-api-key} (the credential a Gemini pool chose), recording each key
     * in {@link #keysSeen()} in order of arrival.
     */
    public void byKey(Function<String, Reply> replies) {
        dispatcher(rec -> {
            String key = rec.header("x-goog-api-key");
            keysSeen.add(key);
            return replies.apply(key);
        });
    }

    /** The keys {@link #byKey} has seen; tests may clear it or add to it from their own dispatchers. */
    public List<String> keysSeen() { return keysSeen; }

    public Recorded takeRequest() {
        try {
            Recorded r = received.poll(10, TimeUnit.SECONDS);
            if (r == null) throw new AssertionError("the fake upstream received no request within 10 s");
            return r;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    public int requestCount() { return requestCount.get(); }

    /** Waits for a connection to close; returns whether one did within {@code timeout}. */
    public boolean awaitConnectionClosed(Duration timeout) {
        try {
            return closedConnections.poll(timeout.toMillis(), TimeUnit.MILLISECONDS) != null;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void handle(HttpServerRequest req) {
        versions.add(req.version());
        if (req.isSSL()) serverNames.add(Objects.requireNonNullElse(req.connection().indicatedServerName(), NO_SERVER_NAME));
        req.body().onSuccess(body -> {
            Recorded rec = new Recorded(req.method().name(), req.path(), req.query() == null ? "" : req.query(),
                    MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), body.toString(StandardCharsets.UTF_8));
            requestCount.incrementAndGet();
            received.add(rec);
            Function<Recorded, Reply> d = dispatcher;
            Reply reply = d != null ? d.apply(rec) : queue.poll();
            if (reply == null) reply = Reply.json(500, "{\"error\":{\"code\":500,\"message\":\"fake upstream has no scripted reply\",\"status\":\"INTERNAL\"}}");
            Reply r = reply;
            if (goAwayAfterReply) req.response().endHandler(v -> req.connection().goAway(0));
            if (r.headerDelay().isZero()) send(req.response(), r);
            else vertx.setTimer(r.headerDelay().toMillis(), t -> send(req.response(), r));
        });
    }

    private void send(HttpServerResponse resp, Reply r) {
        if (resp.closed()) return;
        resp.setStatusCode(r.status()).headers().addAll(r.headers());
        resp.setChunked(true);
        sendPiece(resp, r, 0);
    }

    private void sendPiece(HttpServerResponse resp, Reply r, int i) {
        if (resp.closed()) return;
        if (i >= r.pieces().size()) {
            if (r.dieAtEnd()) resp.reset();
            else resp.end();
            return;
        }
        Piece p = r.pieces().get(i);
        Runnable write = () -> {
            if (resp.closed()) return;
            if (p.bytes().length > 0) resp.write(Buffer.buffer(p.bytes()));
            sendPiece(resp, r, i + 1);
        };
        if (p.delayBefore().isZero()) write.run();
        else vertx.setTimer(p.delayBefore().toMillis(), t -> write.run());
    }

    /** Waits up to 20 s for {@code f}; a failure or a timeout fails the test. */
    public static <T> T await(io.vertx.core.Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        await(server.close());
        if (ownVertx) await(vertx.close());
    }
}
