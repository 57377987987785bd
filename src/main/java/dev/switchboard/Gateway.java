package dev.switchboard;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ServerConfig;
import dev.switchboard.credential.PoolStateStore;
import dev.switchboard.inbound.GatewayServer;
import dev.switchboard.inbound.StatusApi;
import dev.switchboard.observe.Telemetry;
import dev.switchboard.upstream.UpstreamClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the process-lifetime parts (event loops, listening socket, upstream client, pool state,
 * telemetry) and the {@link Assembly} built from the current configuration, which {@link #reload} replaces
 * without dropping requests in flight. Wiring only.
 */
public final class Gateway {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /**
     * One per core: the listener runs one instance on each event loop, and the process's Vert.x has that many loops
     * ({@link Main#vertxOptions()}).
     */
    static final int EVENT_LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private final GatewayServer server;
    private final Optional<Telemetry> ownTelemetry;
    private final Assembly.ProcessParts parts;
    private volatile GatewayConfig config;
    private volatile Optional<Supplier<GatewayConfig>> loader = Optional.empty();
    private volatile Optional<Long> watchTimer = Optional.empty();
    /** The configuration file's content when last read; null when it could not be read. */
    private volatile byte[] fileSeen;

    private Gateway(GatewayServer server, Optional<Telemetry> ownTelemetry, Assembly.ProcessParts parts,
                    GatewayConfig config) {
        this.server = server;
        this.ownTelemetry = ownTelemetry;
        this.parts = parts;
        this.config = config;
    }

    /** A gateway with telemetry of its own, closed with it. */
    public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Clock clock) {
        Telemetry telemetry = Telemetry.create(clock);
        return start(vertx, config, clock, telemetry, Optional.of(telemetry), true);
    }

    /** A gateway with quiet telemetry of its own that announces nothing: the start-up warm-up's. */
    static Future<Gateway> startQuiet(Vertx vertx, GatewayConfig config, Clock clock) {
        Telemetry telemetry = Telemetry.quiet(clock);
        return start(vertx, config, clock, telemetry, Optional.of(telemetry), false);
    }

    /** A gateway reporting to the process's {@code telemetry}, which outlives it (and any rebuilt successor). */
    public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Clock clock, Telemetry telemetry) {
        return start(vertx, config, clock, telemetry, Optional.empty(), true);
    }

    private static Future<Gateway> start(Vertx vertx, GatewayConfig config, Clock clock, Telemetry telemetry,
                                         Optional<Telemetry> ownTelemetry, boolean announce) {
        UpstreamClient client = new UpstreamClient(vertx, config.upstream());
        PoolStateStore store;
        try {
            store = Pools.stateStore(vertx, config.state(), clock);
        } catch (RuntimeException e) {
            client.close();
            return Future.failedFuture(e);   // e.g. a Redis client key Vert.x cannot read
        }
        Gateway[] self = new Gateway[1]; // POST /admin/reload is wired before the gateway it reloads exists
        Assembly.ProcessParts parts = new Assembly.ProcessParts(vertx, clock, telemetry, client, store, clock.instant(),
                () -> self[0].reload());
        Assembly assembly;
        try {
            assembly = Assembly.build(config, parts);
        } catch (RuntimeException e) {
            client.close();
            store.close();
            return Future.failedFuture(e);
        }
        telemetry.watch(assembly.pools());
        GatewayServer server = new GatewayServer(vertx, assembly.routes());
        self[0] = new Gateway(server, ownTelemetry, parts, config);
        return server.listen(config.server().host(), config.server().port(), EVENT_LOOPS).map(port -> {
            if (!announce) return self[0];
            log.info("Switchboard listening on {}:{}", config.server().host(), port);
            for (StatusApi.Note n : assembly.notes()) {
                if (n.warning()) log.warn("{}", n.text());
                else log.info("{}", n.text());
            }
            return self[0];
        }).onFailure(e -> {
            client.close();
            store.close();
        });
    }

    /**
     * Turns on live configuration: {@link #reload()} (and so {@code POST /admin/reload}) reads the configuration
     * from {@code loader}, and the source file is checked every {@code server.reload_interval} and reloaded when
     * its content changes. Call once, after start.
     */
    public Gateway enableReload(Supplier<GatewayConfig> loader) {
        this.loader = Optional.of(loader);
        Duration every = config.server().reloadInterval();
        Optional<Path> file = config.source().map(Path::of);
        if (file.isPresent() && !every.isZero()) {
            fileSeen = contentOf(file.get());
            watchTimer = Optional.of(parts.vertx().setPeriodic(Math.max(1, every.toMillis()), id -> checkFile(file.get())));
        }
        return this;
    }

    /** Reads the configuration again (file and environment) and applies it; fails, keeping the old one, if invalid. */
    public Future<Void> reload() {
        Optional<Supplier<GatewayConfig>> l = loader;
        if (l.isEmpty()) return Future.failedFuture(new IllegalStateException("live reload is off for this gateway"));
        return parts.vertx().executeBlocking(() -> {
            apply(l.get());
            return null;
        });
    }

    /** Applies {@code next} as if it had been read from the file; fails, keeping the old one, if it cannot be built. */
    public Future<Void> reload(GatewayConfig next) {
        return parts.vertx().executeBlocking(() -> {
            apply(() -> next);
            return null;
        });
    }

    /** One reload at a time; a failure is logged here and thrown to the caller. */
    private synchronized void apply(Supplier<GatewayConfig> load) {
        GatewayConfig old = config;
        String where = old.source().orElse("the environment");
        try {
            GatewayConfig loaded = load.get();
            List<String> restart = needRestart(old, loaded);
            GatewayConfig next = keepRunning(old, loaded);
            Assembly assembly = Assembly.build(next, parts);
            server.routes(assembly.routes());
            parts.telemetry().watch(assembly.pools());
            config = next;
            if (!restart.isEmpty()) {
                log.warn("configuration in {} changes {}, which take effect only after a restart; keeping the running values",
                        where, String.join(", ", restart));
            }
            log.info("configuration reloaded from {}: {} providers, {} credentials", where, next.providers().size(),
                    next.providers().stream().mapToInt(p -> p.credentials().size()).sum());
        } catch (RuntimeException e) {
            log.error("configuration in {} rejected, keeping the previous one: {}", where, e.getMessage());
            throw e;
        }
    }

    /** The settings bound to the socket, the upstream connections or the state store, which a reload cannot change. */
    private static List<String> needRestart(GatewayConfig old, GatewayConfig next) {
        List<String> out = new ArrayList<>();
        if (!old.server().host().equals(next.server().host())) out.add("server.host");
        if (old.server().port() != next.server().port()) out.add("server.port");
        if (!old.server().reloadInterval().equals(next.server().reloadInterval())) out.add("server.reload_interval");
        if (!old.server().idleGc().equals(next.server().idleGc())) out.add("server.idle_gc");
        if (!old.upstream().equals(next.upstream())) out.add("upstream");
        if (!old.state().equals(next.state())) out.add("state");
        return out;
    }

    private static GatewayConfig keepRunning(GatewayConfig old, GatewayConfig next) {
        ServerConfig o = old.server();
        ServerConfig n = next.server();
        ServerConfig server = new ServerConfig(o.host(), o.port(), n.maxBodyBytes(), n.clientKeys(),
                n.allowClientUpstreamKeys(), n.metricsKey(), o.reloadInterval(), o.warmup(), o.idleGc());
        return new GatewayConfig(server, old.upstream(), next.retry(), next.policies(), next.providers(), old.source(),
                next.routing(), old.state(), next.rateLimits(), next.poolHealth());
    }

    /** On a worker thread: reloads when the file's content differs from what was last seen (once per change). */
    private void checkFile(Path file) {
        parts.vertx().executeBlocking(() -> {
            byte[] now = contentOf(file);
            if (Arrays.equals(now, fileSeen)) return null;
            fileSeen = now;
            apply(loader.orElseThrow());
            return null;
        }).onFailure(e -> { }); // logged by apply
    }

    /**
     * The file's bytes, compared whole: edits within one timestamp tick count, a touch without change does not.
     * (A digest would do the same at more cost: looking its provider up took about 1 % of the start.)
     */
    private static byte[] contentOf(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    public int port() { return server.port(); }

    /** The configuration serving now (with the running values of settings that need a restart). */
    public GatewayConfig config() { return config; }

    public Future<Void> close() {
        watchTimer.ifPresent(parts.vertx()::cancelTimer);
        return server.close().onComplete(v -> {
            parts.client().close();
            ownTelemetry.ifPresent(Telemetry::close);
            parts.store().close();
        });
    }

    Vertx vertx() { return parts.vertx(); }
}
