package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as its own process, started the way {@code ./run.sh} starts it: the start-up warm-up runs to its
 * end on a small thread stack, and SIGTERM then stops the process. Along the way: the process does not set up the
 * JDK Flight Recorder (Netty would register its allocator events otherwise), and once the warm-up is over and
 * nothing else happens it collects the heap (server.idle_gc).
 */
class MainProcessTest {
    @TempDir
    Path dir;

    @Test
    void theWarmUpFinishesOnASmallStackAndSigtermStopsTheProcess() throws Exception {
        Path config = Files.writeString(dir.resolve("switchboard.yaml"), """
                server: {host: 127.0.0.1, port: 0, warmup: 8s, reload_interval: 0s, idle_gc: 1s}
                providers:
                  - name: gemini
                    type: gemini
                    base_url: http://127.0.0.1:9
                    credentials: [{id: unused, key: test-key-not-used-0000001}]
                """);
        String java = ProcessHandle.current().info().command().orElseThrow();
        // The benchmark runs the gateway with 512 KB stacks; this is less than half of that and
        // leaves no room for a warm-up that unwinds a few stack frames per request it sent.
        Path classLog = dir.resolve("classes.txt");
        Path gcLog = dir.resolve("gc.txt");
        // The gateway's class path without the tests' classes: no logback-test.xml, so logging is set up as in
        // production, by LogProvider.
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes")).collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder pb = new ProcessBuilder(java, "-Xss200k", "-Xlog:class+load=info:file=" + classLog, "-Xlog:gc:file=" + gcLog,
                "-cp", classPath,
                Main.class.getName(), "--config", config.toString()).redirectErrorStream(true);
        pb.environment().put("LOG_LEVEL", "INFO");
        Process process = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch warmedUpOrEnded = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                    if (line.contains("warm-up done")) warmedUpOrEnded.countDown();
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
            warmedUpOrEnded.countDown();
        });
        try {
            warmedUpOrEnded.await(60, TimeUnit.SECONDS);
            assertThat(lines).as("the process's output").anyMatch(l -> l.contains("warm-up done"));
            // Quiet from here on: a second after the last collection (and the two-second window of requests
            // served), the idle collector runs a full collection of its own.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.readString(gcLog).contains("(System.gc())") && System.nanoTime() < deadline) Thread.sleep(100);
            assertThat(Files.readString(gcLog)).as("the GC log").contains("Pause Full (System.gc())");

            process.destroy();   // SIGTERM

            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exited after SIGTERM; output: %s", lines).isTrue();
            reader.join(5_000);
            assertThat(lines).noneMatch(l -> l.contains("StackOverflowError") || l.contains("Unhandled exception"));
            List<String> loaded = Files.readAllLines(classLog);
            assertThat(loaded).anyMatch(l -> l.contains(" io.netty.buffer.AdaptiveByteBufAllocator "));
            // Netty asks whether the JVM has JFR (which loads a class or two of it), then sets up nothing of it.
            assertThat(loaded).noneMatch(l -> l.contains(" jdk.jfr.internal.MetadataRepository ") || l.contains(" jdk.jfr.Event "));
            // Logging set up by LogProvider in code (no Logback auto-configuration and its class-path scan), in
            // the text format; no ObjectMapper built at start or by the warm-up's requests (Json's class comment).
            assertThat(loaded).anyMatch(l -> l.contains(" dev.switchboard.observe.LogProvider "))
                    .noneMatch(l -> l.contains(" ch.qos.logback.classic.util.ContextInitializer "))
                    .noneMatch(l -> l.contains(" com.fasterxml.jackson.databind.ObjectMapper "));
            assertThat(lines).anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Main - warm-up done: .*"))
                    .noneMatch(l -> l.startsWith("SLF4J") || l.contains("|-INFO") || l.contains("|-WARN"));
        } finally {
            process.destroyForcibly();
        }
    }
}
