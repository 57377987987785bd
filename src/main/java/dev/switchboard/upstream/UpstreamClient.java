package dev.switchboard.upstream;

import dev.switchboard.config.TrustAnchors;
import dev.switchboard.config.UpstreamConfig;
import dev.switchboard.credential.ProxySpec;
import dev.switchboard.net.FlushBatching;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.impl.HttpClientConnection;
import io.vertx.core.http.impl.UnpooledHttpClientConnection;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.core.net.TrustOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one HTTP client for every provider. Chat requests go out on connections each event loop holds
 * ({@link HeldConnections}); the shared pool takes the overflow, requests through a credential's proxy (set per
 * request, so one pool per (host, proxy) serves all credentials) and the requests off the hot path.
 */
public final class UpstreamClient {
    /** How long an unused upstream connection is kept open. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(60);
    /** Sends the host name (SNI) on every TLS connection, dotted or not: the JDK alone skips names without a dot. */
    private final HttpClientAgent http;
    /** For TLS to an IP address, which must go without a server name (SNI carries host names only, RFC 6066 §3). */
    private final HttpClientAgent toAddresses;
    /** The two TLS clients again, offering HTTP/2 by ALPN ({@code upstream.http2}); the same clients when it is off. */
    private final HttpClientAgent tlsNamed;
    private final HttpClientAgent tlsAddresses;
    /** Every client built (two, or four with HTTP/2), for {@link #close}. */
    private final List<HttpClientAgent> built = new ArrayList<>(4);
    private final HeldConnections held;
    private final UpstreamConfig config;
    private final Vertx vertx;

    public UpstreamClient(Vertx vertx, UpstreamConfig config) {
        this.config = config;
        this.vertx = vertx;
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) KEEP_ALIVE.toSeconds())
                .setTcpNoDelay(true)
                .setForceSni(true)
                .setDecompressionSupported(true)
                .setMaxInitialLineLength(16 * 1024)
                .setMaxHeaderSize(64 * 1024);
        if (!config.extraCas().isEmpty()) {
            options.setTrustOptions(TrustOptions.wrap(TrustAnchors.withExtra(config.extraCas())));
        }
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(config.maxConnectionsPerHost())
                .setHttp2MaxSize(config.maxConnectionsPerHost())
                .setMaxWaitQueueSize(-1);
        this.http = build(options, pool);
        this.toAddresses = build(new HttpClientOptions(options).setForceSni(false), pool);
        if (config.http2()) {
            // ALPN offers h2 and http/1.1: a server without HTTP/2 is spoken to as before. Plain http:// stays
            // HTTP/1.1 (the h2c upgrade is rare upstream and costs a round trip when refused).
            HttpClientOptions h2 = new HttpClientOptions(options).setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true);
            this.tlsNamed = build(h2, pool);
            this.tlsAddresses = build(new HttpClientOptions(h2).setForceSni(false), pool);
        } else {
            this.tlsNamed = http;
            this.tlsAddresses = toAddresses;
        }
        this.held = new HeldConnections(this::clientFor, config.maxConnectionsPerHost(), options.getConnectTimeout(),
                KEEP_ALIVE.toNanos(), KEEP_ALIVE.dividedBy(2).toMillis(), System::nanoTime, config.http2());
    }

    private HttpClientAgent build(HttpClientOptions options, PoolOptions pool) {
        HttpClientAgent client = vertx.httpClientBuilder().with(options).with(pool)
                .withConnectHandler(UpstreamClient::batchFlushes).build();
        built.add(client);
        return client;
    }

    /**
     * Upstream connections send what they write outside a read at the end of the loop's turn ({@link FlushBatching}):
     * the shared pool's, and the held ones that {@link HeldConnections} opens itself (Vert.x gives those to no
     * connect handler).
     */
    static void batchFlushes(HttpConnection connection) {
        HttpConnection c = connection instanceof UnpooledHttpClientConnection u ? u.unwrap() : connection;
        if (c instanceof HttpClientConnection conn) FlushBatching.on(conn.channelHandlerContext().pipeline());
    }

    /** A request on the shared pool: for requests off the hot path (model lists, tokens, sessions). */
    public Future<HttpClientRequest> pooled(RequestOptions options) {
        return held.pooled(options);
    }

    /**
     * The client for a destination: plain HTTP/1.1 without TLS; with TLS, the one without SNI for an IP literal,
     * else the one that always sends it (each offering HTTP/2 when it is on).
     */
    HttpClientAgent clientFor(String host, boolean ssl) {
        if (!ssl) return http;
        return host != null && isAddress(host) ? tlsAddresses : tlsNamed;
    }

    static boolean isAddress(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return NetUtil.isValidIpV4Address(h) || NetUtil.isValidIpV6Address(h);
    }

    /** A request to a provider on the hot path: on a connection the calling event loop holds when it can. */
    public Future<HttpClientRequest> request(RequestOptions options) {
        return held.request(options);
    }

    public UpstreamConfig config() { return config; }

    public Vertx vertx() { return vertx; }

    /**
     * Request options for an absolute URL, through {@code proxy} when given. The URL is split by hand:
     * {@code RequestOptions.setAbsoluteURI} builds a {@code java.net.URL} per request, which shows in profiles.
     */
    public static RequestOptions options(String absoluteUrl, Optional<ProxySpec> proxy) {
        RequestOptions o = new RequestOptions();
        int schemeEnd = absoluteUrl.indexOf("://");
        boolean ssl = absoluteUrl.regionMatches(true, 0, "https", 0, 5);
        int hostStart = schemeEnd + 3;
        int pathStart = absoluteUrl.indexOf('/', hostStart);
        if (pathStart < 0) pathStart = absoluteUrl.length();
        String authority = absoluteUrl.substring(hostStart, pathStart);
        int colon = authority.lastIndexOf(':');
        boolean ipv6 = authority.startsWith("[");
        if (colon > 0 && (!ipv6 || colon > authority.indexOf(']'))) {
            o.setHost(authority.substring(0, colon)).setPort(Integer.parseInt(authority.substring(colon + 1)));
        } else {
            o.setHost(authority).setPort(ssl ? 443 : 80);
        }
        String path = pathStart < absoluteUrl.length() ? absoluteUrl.substring(pathStart) : "/";
        o.setSsl(ssl).setURI(path);
        proxy.ifPresent(p -> o.setProxyOptions(proxyOptions(p)));
        return o;
    }

    static ProxyOptions proxyOptions(ProxySpec p) {
        ProxyOptions o = new ProxyOptions()
                .setType(switch (p.type()) {
                    case HTTP, HTTPS -> ProxyType.HTTP;
                    case SOCKS5 -> ProxyType.SOCKS5;
                })
                .setHost(p.host())
                .setPort(p.port());
        p.username().ifPresent(o::setUsername);
        p.password().ifPresent(o::setPassword);
        return o;
    }

    public void close() {
        held.close();
        for (HttpClientAgent client : built) client.close();
    }
}
