package dev.switchboard;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.Env;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.observe.LogSettings;
import dev.switchboard.observe.Telemetry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.transport.Transport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point: load configuration, start the gateway. Exits non-zero with a one-line reason on bad config. */
public final class Main {
    static {
        // SLF4J finds its logging backend through a class-path service lookup unless told which: about 1 % of the
        // start. Told, it would say so on stderr at every start; warnings only. LogProvider is Logback, set up
        // without Logback's own service lookup for configurators.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "dev.switchboard.observe.LogProvider");
            if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    /** Worker threads: configuration reloads and file checks run there, one at a time. */
    static final int WORKER_THREADS = 2;

    private Main() {}

    public static void main(String[] args) {
        quietNetty();
        Optional<Path> configFile = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config") && i + 1 < args.length) configFile = Optional.of(Path.of(args[++i]));
            else if (a.startsWith("--config=")) configFile = Optional.of(Path.of(a.substring(9)));
            else if (a.equals("--train-aot")) {
                try {
                    AotTraining.run();
                } catch (Exception e) {
                    log.error("start-up cache training failed: {}", e.toString());
                    System.exit(1);
                }
                return;
            } else if (a.equals("--help") || a.equals("-h")) {
                System.out.println("usage: switchboard [--config FILE]   (see README for settings and environment variables)");
                return;
            } else {
                System.err.println("unknown argument: " + a + " (usage: switchboard [--config FILE])");
                System.exit(2);
            }
        }
        GatewayConfig config;
        Transport transport;
        try {
            LogSettings.debugTranslation(Env.system().bool("DEBUG_TRANSLATION").orElse(false));
            config = new ConfigLoader(Env.system()).load(configFile);
            transport = transport(Env.system());
        } catch (ConfigException e) {
            log.error("invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = newVertx(transport);
        log.info("network transport: {}", transport.name());
        Telemetry telemetry = Telemetry.create(Clock.systemUTC());
        Optional<Path> file = configFile;
        Gateway.start(vertx, config, Clock.systemUTC(), telemetry).onFailure(err -> {
            log.error("could not start: {}", err.getMessage());
            vertx.close();
            System.exit(1);
        }).onSuccess(g -> {
            // The JVM's meters a second after the listener opens, on a worker: their set-up (about 2 % of the
            // start's CPU) need not hold up the first answer. A scrape before then binds them itself.
            vertx.setTimer(Warmup.DELAY.toMillis(), id -> vertx.executeBlocking(() -> {
                telemetry.bindJvmMetrics();
                return null;
            }));
            Duration idleGc = config.server().idleGc();
            if (!idleGc.isZero()) IdleCollector.start(vertx, telemetry, idleGc);
            Duration warmup = config.server().warmup();
            if (!warmup.isZero()) {
                // A second's head start: the first real requests do not share the event loop with the warm-up.
                vertx.setTimer(Warmup.DELAY.toMillis(), id -> Warmup.run(vertx, Warmup.AT_START, warmup)
                        .onSuccess(n -> log.info("warm-up done: {} requests on loopback", n)));
            }
            g.enableReload(() -> new ConfigLoader(Env.system()).load(file));
            reloadOnHangup(g);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Warmup.stop().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // a warm-up request still running after two seconds is cut off with the rest
                }
                g.close().toCompletionStage().toCompletableFuture().join();
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }));
        });
    }

    /**
     * Netty 4.2 registers JDK Flight Recorder events for its buffer allocator whenever the JVM has JFR, which
     * loads and keeps about a hundred JFR classes and their metadata (half a megabyte of heap) in every
     * process, recording or not. Off unless asked for with {@code -Dio.netty.jfr.enabled=true}.
     */
    static void quietNetty() {
        if (System.getProperty("io.netty.jfr.enabled") == null) System.setProperty("io.netty.jfr.enabled", "false");
    }

    /** {@code kill -HUP}: reload the configuration. Where the JVM offers no signal handling, start-up goes on without it. */
    private static void reloadOnHangup(Gateway g) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> g.reload());
        } catch (RuntimeException | LinkageError e) {
            log.warn("SIGHUP will not reload the configuration here: {}", e.toString());
        }
    }

    /**
     * The network transport: Linux epoll where Netty's library for it loads, else Java NIO; {@code SWITCHBOARD_TRANSPORT}
     * ({@code epoll}, {@code io_uring} or {@code nio}) asks for one. One this machine does not offer (io_uring on an
     * old kernel or in a container whose seccomp profile refuses it) is logged with the reason, and the next one in
     * the order io_uring, epoll, NIO is used. io_uring hands the kernel a whole event-loop pass's reads and writes in one system
     * call: about a quarter less CPU per request at 64 connections, but more at one connection and 3-5 MB more
     * resident memory, so it is for gateways under steady load, not the default (docs/benchmarks.md).
     */
    public static Transport transport(Env env) {
        List<String> order = List.of("io_uring", "epoll", "nio");
        String asked = env.get("SWITCHBOARD_TRANSPORT").orElse("epoll");
        int from = order.indexOf(asked.toLowerCase(Locale.ROOT).replace('-', '_'));
        if (from < 0) throw new ConfigException("SWITCHBOARD_TRANSPORT", "expected epoll, io_uring or nio, got '" + asked + "'");
        for (String name : order.subList(from, order.size())) {
            // Read here, not kept in a constant of this class: Vert.x's transports load Netty, which must come after
            // quietNetty(). Vert.x leaves a transport null when its classes are not on the class path.
            Transport t = switch (name) {
                case "io_uring" -> Transport.IO_URING;
                case "epoll" -> Transport.EPOLL;
                default -> Transport.NIO;
            };
            if (t != null && t.available()) return t;
            log.info("network transport {} is not available here: {}", name,
                    t == null ? "not in this build" : String.valueOf(t.unavailabilityCause()));
        }
        return Transport.NIO;
    }

    /** The process's Vert.x on {@code transport}, with {@link #vertxOptions()}. */
    public static Vertx newVertx(Transport transport) {
        return Vertx.builder().with(vertxOptions()).withTransport(transport).build();
    }

    /**
     * How the process's Vert.x runs; the start-up cache is trained with the same, so that it holds the classes
     * of the transport that serves ({@link #transport}), not another. No class-path file resolving: Vert.x would otherwise
     * need a writable cache directory (read-only images). Few worker threads: they only run configuration
     * reloads and file checks (the default pool grows to 20 threads, one per task until full, each with its stack).
     * One event loop per core, not Vert.x's default of two: the listener runs one instance per core, and an
     * upstream request runs on the loop of the client request that made it, so a second loop per core only ever
     * served what starts outside the listener (the start-up warm-up), then kept its thread, its buffer caches and
     * its stack resident: 2 MB of the idle process on one core (docs/benchmarks.md).
     */
    static VertxOptions vertxOptions() {
        return new VertxOptions().setEventLoopPoolSize(Gateway.EVENT_LOOPS)
                .setWorkerPoolSize(WORKER_THREADS)
                .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false));
    }
}
