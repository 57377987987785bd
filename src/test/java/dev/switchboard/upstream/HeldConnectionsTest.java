package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Held upstream connections against a raw HTTP/1.1 server on loopback that counts its connections and answers
 * as scripted: kept alive, {@code Connection: close}, HTTP/1.0, slow, or closed by the server while idle.
 */
class HeldConnectionsTest {
    private static final long IDLE = Duration.ofSeconds(60).toNanos();
    /** The sweep runs this often in real time; what it finds idle is decided by the test's clock. */
    private static final long SWEEP_MILLIS = 20;

    private Vertx vertx;
    private HttpClientAgent http;
    private RawServer server;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        http = vertx.createHttpClient();
        server = new RawServer(vertx);
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HeldConnections held(int perLoop) {
        return new HeldConnections((host, ssl) -> http, perLoop, 5_000, IDLE, SWEEP_MILLIS, now::get, false);
    }

    private RequestOptions get(String path) {
        return new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(server.port()).setURI(path);
    }

    /** One request through {@code held}, made on {@code ctx}'s event loop; its status and body. */
    private String call(HeldConnections held, Context ctx, String path) throws Exception {
        return onLoop(ctx, () -> held.request(get(path)).compose(r -> r.send())
                .compose(resp -> resp.body().map(b -> resp.statusCode() + " " + b)));
    }

    private static <T> T onLoop(Context ctx, Callable<Future<T>> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            try {
                work.call().onComplete(ar -> {
                    if (ar.succeeded()) done.complete(ar.result());
                    else done.completeExceptionally(ar.cause());
                });
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void sequentialRequestsOnOneEventLoopShareOneConnection() throws Exception {
        HeldConnections held = held(8);
        Context ctx = vertx.getOrCreateContext();

        for (int i = 0; i < 5; i++) assertThat(call(held, ctx, "/keep")).isEqualTo("200 ok /keep");

        assertThat(server.accepted.get()).isEqualTo(1);
        assertThat(onLoop(ctx, () -> Future.succeededFuture(held.heldHere()))).isEqualTo(1);
    }

    @Test
    void concurrentRequestsHoldAtMostTheLimitAndTheRestUseThePool() throws Exception {
        HeldConnections held = held(2);
        Context ctx = vertx.getOrCreateContext();

        List<String> answers = onLoop(ctx, () -> {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(held.request(get("/slow")).compose(r -> r.send()).compose(resp -> resp.body().map(Buffer::toString)));
            }
            return Future.all(all).map(f -> f.<String>list());
        });

        assertThat(answers).containsOnly("ok /slow").hasSize(4);
        assertThat(onLoop(ctx, () -> Future.succeededFuture(held.heldHere()))).isEqualTo(2);
        assertThat(server.accepted.get()).isEqualTo(4);   // two held, two from the shared pool
    }

    @Test
    void afterABurstRequestsOneAfterAnotherStayOnTheConnectionUsedLast() throws Exception {
        HeldConnections held = held(8);
        Context ctx = vertx.getOrCreateContext();
        onLoop(ctx, () -> {
            List<Future<Buffer>> burst = new ArrayList<>();
            for (int i = 0; i < 3; i++) burst.add(held.request(get("/slow")).compose(r -> r.send()).compose(resp -> resp.body()));
            return Future.all(burst);
        });
        assertThat(onLoop(ctx, () -> Future.succeededFuture(held.heldHere()))).isEqualTo(3);

        List<String> connections = new ArrayList<>();
        for (int i = 0; i < 6; i++) connections.add(call(held, ctx, "/who"));

        // one connection, its state still warm, instead of each of the three in turn
        assertThat(new java.util.HashSet<>(connections)).hasSize(1);
        assertThat(server.accepted.get()).isEqualTo(3);
    }

    /** {@code /close} answers with Connection: close; {@code /http10} is HTTP/1.0 without keep-alive. */
    @ParameterizedTest
    @ValueSource(strings = {"/close", "/http10"})
    void anAnswerThatEndsTheConnectionIsNeverFollowedOnIt(String path) throws Exception {
        HeldConnections held = held(8);
        Context ctx = vertx.getOrCreateContext();

        for (int i = 0; i < 4; i++) assertThat(call(held, ctx, path)).isEqualTo("200 ok " + path);

        assertThat(server.accepted.get()).isEqualTo(4);
    }

    @Test
    void aConnectionTheUpstreamClosedWhileIdleIsDroppedAndANewOneOpened() throws Exception {
        HeldConnections held = held(8);
        Context ctx = vertx.getOrCreateContext();
        assertThat(call(held, ctx, "/keep")).isEqualTo("200 ok /keep");

        server.closeAll();
        awaitTrue(() -> onLoop(ctx, () -> Future.succeededFuture(held.heldHere())) == 0);

        assertThat(call(held, ctx, "/keep")).isEqualTo("200 ok /keep");
        assertThat(server.accepted.get()).isEqualTo(2);
    }

    @Test
    void aConnectionUnusedForTheIdleTimeIsClosedAndReplaced() throws Exception {
        HeldConnections held = held(8);
        Context ctx = vertx.getOrCreateContext();
        assertThat(call(held, ctx, "/keep")).isEqualTo("200 ok /keep");

        now.addAndGet(IDLE + 1);
        assertThat(call(held, ctx, "/keep")).isEqualTo("200 ok /keep");

        assertThat(server.accepted.get()).isEqualTo(2);
        awaitTrue(() -> server.closed.get() == 1);
    }

    @Test
    void theLoopsSweepClosesIdleConnectionsWithoutAnotherRequestButNotBusyOnes() throws Exception {
        HeldConnections held = held(8);
        Context ctx = vertx.getOrCreateContext();
        assertThat(call(held, ctx, "/keep")).isEqualTo("200 ok /keep");
        Thread.sleep(5 * SWEEP_MILLIS);   // sweeps that find nothing idle yet
        assertThat(server.closed.get()).isZero();

        // a slow answer in flight while the clock passes the idle time: the sweep leaves it alone
        CompletableFuture<String> slow = new CompletableFuture<>();
        ctx.runOnContext(v -> held.request(get("/slow")).compose(r -> r.send()).compose(resp -> resp.body())
                .onComplete(ar -> slow.complete(ar.succeeded() ? ar.result().toString() : ar.cause().toString())));
        awaitTrue(() -> server.accepted.get() == 1 && server.requests.get() == 2);
        now.addAndGet(IDLE + 1);
        assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("ok /slow");

        // once it is idle for the idle time, the sweep closes it, with no request to look at it
        now.addAndGet(IDLE + 1);
        awaitTrue(() -> server.closed.get() == 1);
        awaitTrue(() -> onLoop(ctx, () -> Future.succeededFuture(held.heldHere())) == 0);
        assertThat(server.accepted.get()).isEqualTo(1);
    }

    @Test
    void eachEventLoopHoldsItsOwnConnections() throws Exception {
        HeldConnections held = held(8);
        Context a = vertx.getOrCreateContext();
        Context b = contextOnAnotherLoop(a);

        assertThat(call(held, a, "/keep")).isEqualTo("200 ok /keep");
        assertThat(call(held, b, "/keep")).isEqualTo("200 ok /keep");
        assertThat(call(held, a, "/keep")).isEqualTo("200 ok /keep");

        assertThat(server.accepted.get()).isEqualTo(2);
    }

    @Test
    void requestsOffTheEventLoopUseThePoolAndCloseEndsHeldConnections() throws Exception {
        HeldConnections held = held(8);
        // The body is asked for inside the send's callback: from a thread outside Vert.x, a callback chained at
        // the top level can run after the answer has been read, and its body would be gone.
        String off = held.request(get("/keep")).compose(r -> r.send().compose(resp -> resp.body().map(Buffer::toString)))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(off).isEqualTo("ok /keep");
        assertThat(held.heldHere()).isZero();

        Context ctx = vertx.getOrCreateContext();
        assertThat(call(held, ctx, "/keep")).isEqualTo("200 ok /keep");
        held.close();

        awaitTrue(() -> server.closed.get() >= 1);
        assertThat(call(held, ctx, "/keep")).isEqualTo("200 ok /keep");   // after close: the pool, not a new held one
        assertThat(onLoop(ctx, () -> Future.succeededFuture(held.heldHere()))).isZero();
    }

    /** A context on an event loop other than {@code other}'s (Vert.x hands out its loops in turn). */
    private Context contextOnAnotherLoop(Context other) throws Exception {
        for (int i = 0; i < 16; i++) {
            Context c = ((VertxInternal) vertx).createEventLoopContext();
            if (!threadOf(c).equals(threadOf(other))) return c;
        }
        throw new AssertionError("Vert.x has a single event loop here");
    }

    private static String threadOf(Context ctx) throws Exception {
        return onLoop(ctx, () -> Future.succeededFuture(Thread.currentThread().getName()));
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Check c) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.ok()) {
            if (System.nanoTime() > until) throw new AssertionError("condition not met within 5 s");
            Thread.sleep(5);
        }
    }

    /** A minimal HTTP/1.1 server over raw TCP: answers GETs by path, counts and closes connections on demand. */
    private static final class RawServer {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        private final Queue<NetSocket> sockets = new ConcurrentLinkedQueue<>();
        private final NetServer net;
        private final Vertx vertx;

        RawServer(Vertx vertx) {
            this.vertx = vertx;
            this.net = vertx.createNetServer().connectHandler(this::serve);
            try {
                net.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        int port() { return net.actualPort(); }

        void closeAll() {
            for (NetSocket s : sockets) s.close();
        }

        private void serve(NetSocket socket) {
            accepted.incrementAndGet();
            sockets.add(socket);
            socket.closeHandler(v -> {
                closed.incrementAndGet();
                sockets.remove(socket);
            });
            StringBuilder pending = new StringBuilder();
            socket.handler(bytes -> {
                pending.append(bytes.toString(StandardCharsets.ISO_8859_1));
                int end;
                while ((end = pending.indexOf("\r\n\r\n")) >= 0) {
                    String head = pending.substring(0, end);
                    pending.delete(0, end + 4);
                    requests.incrementAndGet();
                    answer(socket, head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1)));
                }
            });
        }

        private void answer(NetSocket socket, String path) {
            // "/who" names the connection: the client's port
            String body = path.equals("/who") ? "port " + socket.remoteAddress().port() : "ok " + path;
            switch (path) {
                case "/close" -> socket.end(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body));
                case "/http10" -> socket.end(Buffer.buffer("HTTP/1.0 200 OK\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body));
                case "/slow" -> vertx.setTimer(100, t -> socket.write(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body)));
                default -> socket.write(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body));
            }
        }
    }
}
