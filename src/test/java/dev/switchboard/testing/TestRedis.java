package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Redis servers for tests. {@link #url()} is the shared one: {@code SWITCHBOARD_TEST_REDIS_URL} (which
 * {@code test.sh} and {@code .ci/run} set), else one this JVM starts from {@code redis-server}. {@link #start()} is a
 * test's own server on a free loopback port, which it may kill and restart. Without Redis a test is skipped with the
 * reason, except on CI ({@code CI=true}), where it fails.
 */
public final class TestRedis {
    private static final String PASSWORD = "test-secret-pw";
    private static Server shared;

    private TestRedis() {}

    /** The URL of the shared test Redis. */
    public static synchronized String url() {
        Optional<String> given = Optional.ofNullable(System.getenv("SWITCHBOARD_TEST_REDIS_URL")).filter(s -> !s.isBlank());
        if (given.isPresent()) return given.get();
        if (shared == null) {
            shared = start();
            Server s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        }
        return shared.url();
    }

    /** A key prefix no other test uses, so that tests sharing one Redis never see each other's state. */
    public static String uniquePrefix() {
        return "sbtest-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A Redis server of the caller's own, with a password, on a free loopback port. */
    public static Server start() {
        Path binary = binary().orElseGet(() -> unavailable(
                "no redis-server found (install the redis-server package, or set SWITCHBOARD_TEST_REDIS_URL)"));
        Server s = new Server(binary, freePort(), null, null);
        s.restart();
        return s;
    }

    /**
     * A Redis server of the caller's own that speaks only TLS ({@code rediss://}), with {@code certs}' certificate
     * and key, on a free loopback port. Clients are not asked for certificates.
     */
    public static Server startTls(TestCertificates certs) {
        return startTls(certs, Optional.empty());
    }

    /**
     * {@link #startTls(TestCertificates)}, and when {@code client} is given the server asks every client for a
     * certificate ({@code tls-auth-clients yes}, a TLS Redis's default) and accepts that one (self-signed) only.
     */
    public static Server startTls(TestCertificates certs, Optional<TestCertificates> client) {
        Path binary = binary().orElseGet(() -> unavailable(
                "no redis-server found (install the redis-server package, or set SWITCHBOARD_TEST_REDIS_SERVER)"));
        Server s = new Server(binary, freePort(), certs, client.orElse(null));
        s.restart();
        return s;
    }

    private static Optional<Path> binary() {
        Optional<String> given = Optional.ofNullable(System.getenv("SWITCHBOARD_TEST_REDIS_SERVER")).filter(s -> !s.isBlank());
        if (given.isPresent()) return given.map(Path::of).filter(Files::isExecutable);
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/usr/local/bin", "/usr/sbin"));
        return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, "redis-server")).filter(Files::isExecutable).findFirst();
    }

    private static <T> T unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("Redis is required on CI: " + why);
        Assumptions.abort("skipped: " + why);
        throw new AssertionError("unreachable");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** One redis-server process on a fixed port: killed and started again on the same port. */
    public static final class Server implements AutoCloseable {
        private final Path binary;
        private final int port;
        /** Set for a server that speaks only TLS. */
        private final TestCertificates tls;
        /** Set for a TLS server that asks clients for this certificate. */
        private final TestCertificates client;
        private Process process;

        private Server(Path binary, int port, TestCertificates tls, TestCertificates client) {
            this.binary = binary;
            this.port = port;
            this.tls = tls;
            this.client = client;
        }

        public int port() { return port; }

        public String url() { return (tls == null ? "redis" : "rediss") + "://:" + PASSWORD + "@127.0.0.1:" + port; }

        /** The password in {@link #url()}, which must never show in logs or on the status page. */
        public String password() { return PASSWORD; }

        private List<String> command() {
            List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--requirepass", PASSWORD, "--daemonize", "no", "--logfile", ""));
            if (tls == null) {
                cmd.addAll(List.of("--port", String.valueOf(port)));
            } else {
                cmd.addAll(List.of("--port", "0", "--tls-port", String.valueOf(port),
                        "--tls-cert-file", tls.pem().toString(), "--tls-key-file", tls.privateKeyPem().toString(),
                        "--tls-ca-cert-file", (client == null ? tls : client).pem().toString(),
                        "--tls-auth-clients", client == null ? "no" : "yes"));
            }
            return cmd;
        }

        /** Starts the server (again, empty) and waits until it answers PING. */
        public synchronized void restart() {
            if (process != null && process.isAlive()) return;
            try {
                process = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new AssertionError("cannot start " + binary + ": " + e.getMessage(), e);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!(tls == null ? answersPing() : accepts())) {
                if (!process.isAlive()) throw new AssertionError("redis-server on port " + port + " exited with " + process.exitValue());
                if (System.nanoTime() > deadline) throw new AssertionError("redis-server on port " + port + " did not start");
                sleep(20);
            }
        }

        /** Kills the server at once (SIGKILL), as a crash would. */
        public synchronized void kill() {
            if (process == null) return;
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** A TLS server's readiness: it accepts connections (redis-server listens once it has started). */
        private boolean accepts() {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private boolean answersPing() {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                s.setSoTimeout(500);
                OutputStream out = s.getOutputStream();
                out.write(("AUTH " + PASSWORD + "\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[64];
                StringBuilder got = new StringBuilder();
                while (!got.toString().contains("PONG")) {
                    int n = in.read(buf);
                    if (n < 0) return false;
                    got.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
                }
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            kill();
        }
    }
}
