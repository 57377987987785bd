package dev.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Forward proxies on loopback that record what passes through them: a plain HTTP proxy and a SOCKS5 proxy. */
public final class TestProxies {
    private TestProxies() {}

    /**
     * An HTTP forward proxy, optionally requiring Basic auth: absolute-URI requests for {@code http://} targets,
     * and {@code CONNECT} tunnels (how clients reach {@code https://} targets through it).
     */
    public static final class Http implements AutoCloseable {
        private final HttpServer server;
        private final HttpClient client;
        private final NetClient tunnels;
        public final List<String> seen = new CopyOnWriteArrayList<>();
        public final List<String> authorizations = new CopyOnWriteArrayList<>();

        public Http(Vertx vertx) {
            client = vertx.createHttpClient();
            tunnels = vertx.createNetClient();
            server = vertx.createHttpServer().requestHandler(req -> {
                seen.add(req.method() + " " + req.uri());
                String auth = req.getHeader("proxy-authorization");
                if (auth != null) authorizations.add(auth);
                if (req.method() == HttpMethod.CONNECT) {
                    tunnel(req);
                    return;
                }
                req.body().onSuccess(body -> {
                    RequestOptions o = new RequestOptions().setAbsoluteURI(req.uri()).setMethod(req.method());
                    req.headers().forEach(h -> {
                        if (!h.getKey().equalsIgnoreCase("proxy-authorization")) o.addHeader(h.getKey(), h.getValue());
                    });
                    client.request(o).compose(out -> out.send(body)).onComplete(ar -> {
                        if (ar.failed()) {
                            req.response().setStatusCode(502).end();
                            return;
                        }
                        var in = ar.result();
                        req.response().setStatusCode(in.statusCode()).headers().addAll(in.headers());
                        in.body().onSuccess(b -> req.response().end(b));
                    });
                });
            });
            FakeUpstream.await(server.listen(0, "127.0.0.1"));
        }

        private void tunnel(HttpServerRequest req) {
            int colon = req.uri().lastIndexOf(':');
            req.pause();
            tunnels.connect(Integer.parseInt(req.uri().substring(colon + 1)), req.uri().substring(0, colon)).onComplete(ar -> {
                if (ar.failed()) {
                    req.response().setStatusCode(502).end();
                    return;
                }
                NetSocket up = ar.result();
                req.toNetSocket().onSuccess(down -> {
                    down.handler(up::write);
                    up.handler(down::write);
                    down.closeHandler(v -> up.close());
                    up.closeHandler(v -> down.close());
                });
            });
        }

        public int port() { return server.actualPort(); }

        @Override
        public void close() {
            FakeUpstream.await(server.close());
        }
    }

    /** A SOCKS5 proxy (RFC 1928) with optional username/password auth (RFC 1929); CONNECT only. */
    public static final class Socks5 implements AutoCloseable {
        private final NetServer server;
        private final NetClient client;
        public final List<String> connects = new CopyOnWriteArrayList<>();
        public final List<String> users = new CopyOnWriteArrayList<>();

        public Socks5(Vertx vertx) {
            client = vertx.createNetClient();
            server = vertx.createNetServer().connectHandler(this::handshake);
            FakeUpstream.await(server.listen(0, "127.0.0.1"));
        }

        public int port() { return server.actualPort(); }

        private void handshake(NetSocket s) {
            Buffer[] acc = {Buffer.buffer()};
            int[] stage = {0};
            s.handler(chunk -> {
                acc[0].appendBuffer(chunk);
                Buffer b = acc[0];
                if (stage[0] == 0 && b.length() >= 2 && b.length() >= 2 + b.getByte(1)) {
                    boolean userPass = false;
                    for (int i = 0; i < b.getByte(1); i++) userPass |= b.getByte(2 + i) == 2;
                    b = acc[0] = b.getBuffer(2 + b.getByte(1), b.length());
                    s.write(Buffer.buffer(new byte[] {5, (byte) (userPass ? 2 : 0)}));
                    stage[0] = userPass ? 1 : 2;
                }
                if (stage[0] == 1 && b.length() >= 2) {
                    int ulen = b.getByte(1);
                    if (b.length() < 3 + ulen) return;
                    int plen = b.getByte(2 + ulen);
                    if (b.length() < 3 + ulen + plen) return;
                    users.add(b.getString(2, 2 + ulen, "UTF-8"));
                    b = acc[0] = b.getBuffer(3 + ulen + plen, b.length());
                    s.write(Buffer.buffer(new byte[] {1, 0}));
                    stage[0] = 2;
                }
                if (stage[0] == 2 && b.length() >= 5) {
                    int atyp = b.getByte(3);
                    String host;
                    int off;
                    if (atyp == 1) {
                        if (b.length() < 10) return;
                        host = (b.getByte(4) & 255) + "." + (b.getByte(5) & 255) + "." + (b.getByte(6) & 255) + "." + (b.getByte(7) & 255);
                        off = 8;
                    } else if (atyp == 3) {
                        int len = b.getByte(4) & 255;
                        if (b.length() < 5 + len + 2) return;
                        host = b.getString(5, 5 + len, StandardCharsets.US_ASCII.name());
                        off = 5 + len;
                    } else {
                        s.close();
                        return;
                    }
                    int port = b.getUnsignedShort(off);
                    Buffer rest = b.getBuffer(off + 2, b.length());
                    stage[0] = 3;
                    connects.add(host + ":" + port);
                    s.pause();
                    client.connect(port, host).onComplete(ar -> {
                        if (ar.failed()) {
                            s.write(Buffer.buffer(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0})).onComplete(v -> s.close());
                            return;
                        }
                        NetSocket up = ar.result();
                        s.write(Buffer.buffer(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0}));
                        if (rest.length() > 0) up.write(rest);
                        s.handler(up::write);
                        up.handler(s::write);
                        s.closeHandler(v -> up.close());
                        up.closeHandler(v -> s.close());
                        s.resume();
                    });
                }
            });
        }

        @Override
        public void close() {
            FakeUpstream.await(server.close());
        }
    }
}
