package dev.switchboard.upstream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Upstream connections kept alive per event loop, so that a request made on an event loop goes out on
 * a connection that loop already owns: no endpoint lookup, pool queue or hop between contexts per request, which
 * was about a seventh of the gateway's CPU per request (docs/benchmarks.md). Connections are kept per
 * destination (host, port, TLS) and reused when no request is in flight on them (an HTTP/2 one while it is below
 * the server's limit of concurrent streams), the one used last first.
 * Requests through a credential's proxy keep using the pool, which speaks to an HTTP proxy as a forward proxy.
 *
 * <p>Up to {@code perLoop} connections per destination and event loop; when all of them are busy, or the caller
 * is not on an event loop, the request goes through the client's shared pool as before. A connection the
 * upstream closes (or answers with {@code Connection: close}) leaves at once; one unused for {@code idleNanos}
 * is closed when next seen, or by the loop's sweep every {@code sweepMillis} when no request comes (after a
 * burst, hundreds of connections would otherwise stay open until the upstream closed them).
 */
final class HeldConnections {
    /** The client (with its shared pool) that connects to a host, with or without TLS. */
    @FunctionalInterface
    interface Clients {
        HttpClientAgent forHost(String host, boolean ssl);
    }

    private final Clients clients;
    private final int perLoop;
    private final long connectTimeoutMillis;
    private final long idleNanos;
    private final long sweepMillis;
    private final LongSupplier nanoTime;
    /** Whether TLS connections offer HTTP/2, on which requests wait for a connection being opened. */
    private final boolean http2Tls;
    /** Each event loop's connections by destination; only ever touched by that loop's thread. */
    private final ThreadLocal<Loop> byLoop = ThreadLocal.withInitial(Loop::new);
    /** Every open connection, whichever loop holds it, so that {@link #close} reaches them all. */
    private final Set<HttpClientConnection> open = ConcurrentHashMap.newKeySet();
    /** Cancels each loop's sweep timer. */
    private final Set<Runnable> sweeps = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    HeldConnections(Clients clients, int perLoop, long connectTimeoutMillis, long idleNanos, long sweepMillis,
                    LongSupplier nanoTime, boolean http2Tls) {
        this.clients = clients;
        this.perLoop = perLoop;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.idleNanos = idleNanos;
        this.sweepMillis = sweepMillis;
        this.nanoTime = nanoTime;
        this.http2Tls = http2Tls;
    }

    /** A request on a held connection when one is free (or may be opened), else on the shared pool. */
    Future<HttpClientRequest> request(RequestOptions options) {
        // Through a proxy the pool talks to it as a forward proxy (plain HTTP) or a tunnel; held connections do not.
        if (closed || options.getProxyOptions() != null || !Context.isOnEventLoopThread()) return pooled(options);
        Destination d = Destination.of(options);
        Loop loop = byLoop.get();
        if (!loop.swept) sweepEvery(loop);
        Slots slots = loop.slots.computeIfAbsent(d, k -> new Slots());
        long now = nanoTime.getAsLong();
        Held free = slots.free(now, idleNanos);
        if (free != null) return free.request(options, now);
        if (http2Tls && d.ssl()) {
            // A burst of requests would otherwise open a connection each before the first one has negotiated HTTP/2.
            Held opening = slots.opening();
            if (opening != null) return opening.connected.transform(ar -> {
                if (ar.failed()) return Future.failedFuture(ar.cause());
                return opening.available() ? opening.request(options, nanoTime.getAsLong()) : request(options);
            });
        }
        if (slots.size() >= perLoop) return pooled(options);
        Held fresh = slots.reserve();
        Future<HttpClientConnection> connecting = clients.forHost(d.host(), d.ssl()).connect(d.connectOptions(connectTimeoutMillis));
        fresh.connected = connecting;
        return connecting.transform(ar -> {
            if (ar.failed()) {
                slots.remove(fresh);
                return Future.failedFuture(ar.cause());
            }
            HttpClientConnection c = ar.result();
            if (closed) {
                slots.remove(fresh);
                c.close();
                return Future.failedFuture(new IllegalStateException("upstream client closed"));
            }
            UpstreamClient.batchFlushes(c);
            open.add(c);
            fresh.connection = c;
            fresh.multiplexed = c.protocolVersion() == HttpVersion.HTTP_2;
            // GOAWAY: the streams in flight finish, no new one starts here
            if (fresh.multiplexed) c.goAwayHandler(g -> fresh.closing = true);
            c.closeHandler(v -> {
                open.remove(c);
                slots.remove(fresh);
            });
            return fresh.request(options, nanoTime.getAsLong());
        });
    }

    /** A request on the shared pool of the client for its destination. */
    Future<HttpClientRequest> pooled(RequestOptions options) {
        return clients.forHost(options.getHost(), Boolean.TRUE.equals(options.isSsl())).request(options);
    }

    /** Connections held by the calling event loop, for every destination (tests). */
    int heldHere() {
        int n = 0;
        for (Slots s : byLoop.get().slots.values()) n += s.size();
        return n;
    }

    void close() {
        closed = true;
        for (Runnable cancel : sweeps) cancel.run();
        sweeps.clear();
        for (HttpClientConnection c : open) c.close();
        open.clear();
    }

    /** Starts the calling loop's sweep: a timer on that loop, so that it touches only the loop's own connections. */
    private void sweepEvery(Loop loop) {
        Context ctx = Vertx.currentContext();
        if (ctx == null) return;
        loop.swept = true;
        Vertx vertx = ctx.owner();
        long id = vertx.setPeriodic(sweepMillis, t -> {
            long now = nanoTime.getAsLong();
            for (Slots s : loop.slots.values()) s.closeIdle(now, idleNanos);
        });
        sweeps.add(() -> vertx.cancelTimer(id));
        if (closed) vertx.cancelTimer(id);
    }

    /** One event loop's connections, and whether its sweep runs. */
    private static final class Loop {
        final Map<Destination, Slots> slots = new HashMap<>();
        boolean swept;
    }

    /** Where a connection goes: the same host, port and TLS reuse one. */
    private record Destination(String host, int port, boolean ssl) {
        static Destination of(RequestOptions o) {
            return new Destination(o.getHost(), o.getPort(), Boolean.TRUE.equals(o.isSsl()));
        }

        HttpConnectOptions connectOptions(long connectTimeoutMillis) {
            return new HttpConnectOptions().setHost(host).setPort(port).setSsl(ssl).setConnectTimeout(connectTimeoutMillis);
        }
    }

    /** One event loop's connections to one destination. */
    private static final class Slots {
        private final List<Held> held = new ArrayList<>(4);
        /** Where the next search starts: the connections after the last one handed out are likelier free. */
        private int cursor;
        /**
         * The connection handed out last. When it is free again it goes first: one request after another (a
         * stream, then a pause) then reuses one connection whose state is still in the CPU's caches instead of
         * cycling through all of them, and the others age out and are closed.
         */
        private Held last;

        int size() { return held.size(); }

        Held reserve() {
            Held h = new Held();
            held.add(h);
            return h;
        }

        void remove(Held h) {
            held.remove(h);
            if (last == h) last = null;
        }

        /** One being opened (the first found), or null. */
        Held opening() {
            for (Held h : held) {
                if (h.connection == null && h.connected != null) return h;
            }
            return null;
        }

        /**
         * A connection that can take a request now (an unused HTTP/1.1 one, an HTTP/2 one below its stream limit);
         * those idle too long are closed on the way.
         */
        Held free(long now, long idleNanos) {
            if (last != null && last.available() && !last.idleLongerThan(now, idleNanos)) return last;
            int n = held.size();
            for (int i = 0; i < n; i++) {
                int at = (cursor + i) % n;
                Held h = held.get(at);
                if (!h.available()) continue;
                if (h.idleLongerThan(now, idleNanos) && h.unused()) {
                    h.close();
                    continue;
                }
                cursor = at + 1;
                last = h;
                return h;
            }
            return null;
        }

        /** Closes the connections unused for longer than {@code idleNanos}. */
        void closeIdle(long now, long idleNanos) {
            for (Held h : List.copyOf(held)) {
                if (h.unused() && h.idleLongerThan(now, idleNanos)) h.close();
            }
        }
    }

    /** A held connection; {@code connection} is null while it is being opened. */
    private static final class Held {
        HttpClientConnection connection;
        /** The connection attempt, which requests wait on while an HTTP/2 connection is opened. */
        Future<HttpClientConnection> connected;
        /** HTTP/2: requests share the connection, up to the server's limit of concurrent streams. */
        boolean multiplexed;
        long lastUsed;
        boolean closing;

        /** Connected, not closing, and no request in flight on it. */
        boolean unused() {
            return connection != null && !closing && connection.activeStreams() == 0;
        }

        /** Connected, not closing, and room for one more request: none in flight, or for HTTP/2 below the limit. */
        boolean available() {
            if (connection == null || closing) return false;
            long active = connection.activeStreams();
            return multiplexed ? active < connection.maxActiveStreams() : active == 0;
        }

        boolean idleLongerThan(long now, long idleNanos) {
            return now - lastUsed > idleNanos;
        }

        void close() {
            closing = true;   // the close handler removes it
            connection.close();
        }

        Future<HttpClientRequest> request(RequestOptions options, long now) {
            lastUsed = now;
            return connection.request(options).onSuccess(req -> req.response().onSuccess(resp -> {
                if (multiplexed) return;
                // the upstream will close it after this answer; never hand it out again
                String c = resp.getHeader("connection");
                if (c != null ? c.equalsIgnoreCase("close")
                        : resp.version() == HttpVersion.HTTP_1_0) closing = true;
            }));
        }
    }
}
