package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/bench-speed.sh, which reads a load-harness run against the core-speed probe's samples
 * (docs/benchmarks.md, "The machine's speed in each row"): each row gets the probe's loop time in its own window
 * over the run's fast time, a throughput row only over its measured seconds, samples the probe was switched out
 * in are left out, and a row with no sample says so.
 */
class BenchSpeedScriptTest {
    @TempDir
    Path dir;

    @Test
    void eachRowGetsTheSpeedOfEachCoreInItsOwnWindow() throws Exception {
        Path log = Files.writeString(dir.resolve("run.log"), """
                [bench 10:00:00] mock upstream on http://127.0.0.1:18080 (nginx+lua, 1 worker)
                [bench 10:00:10] throughput r1 nginx: warm-up 3s, then 10s at 64 connections
                [bench 10:00:23]   rps=29633.2 p50=1965us
                [bench 10:00:23] throughput r1 switchboard: warm-up 60s, then 10s at 64 connections
                [bench 10:01:33]   rps=19600.7 p50=3041us
                [bench 10:01:33] latency r1 switchboard: c=1 for 5s, then ~1000 req/s paced (10 conns, 10 ms think time)
                [bench 10:01:44] stream switchboard: 10 sequential streams of 20 chunks every 20 ms
                [bench 10:01:50] hold switchboard-gemini: 1000 concurrent streams (40 chunks every 50 ms, opened over 1000 ms)
                [bench 10:01:55]   ok=1000/1000 max_open=1000
                [bench 10:02:00] results: /tmp/bench-results/x/results.jsonl  report: /tmp/bench-results/x/report.md
                """);
        // CPU 1's loop takes 100 µs but 150 in the switchboard row's measured seconds and 130 in the hold row, which
        // ends at its result line (five samples), one of them 330 (a stall) that lifts the mean only; it has no
        // sample in the latency row, and its samples in the nginx row that were switched out read 60 and 250, to be
        // left out. CPU 0's loop takes 100 µs but 120 in the latency row.
        List<String> cpu0 = new ArrayList<>();
        List<String> cpu1 = new ArrayList<>();
        for (int s = 0; s < 125; s++) {
            int at = 10 * 3600 + s;
            boolean measured = at >= 10 * 3600 + 83 && at < 10 * 3600 + 93;
            boolean latency = at >= 10 * 3600 + 93 && at < 10 * 3600 + 104;
            boolean hold = at >= 10 * 3600 + 110 && at < 10 * 3600 + 120;
            cpu0.add(sample(at, latency ? 120 : 100, 0));
            if (!latency) cpu1.add(sample(at, measured ? 150 : hold ? (at == 10 * 3600 + 110 ? 330 : 130) : 100, 0));
            if (at >= 10 * 3600 + 13 && at < 10 * 3600 + 23) cpu1.add(sample(at, at % 2 == 0 ? 60 : 250, 1 + at % 3));
        }
        Path probe0 = Files.write(dir.resolve("cpu0.log"), cpu0);
        Path probe1 = Files.write(dir.resolve("cpu1.log"), cpu1);

        Process script = new ProcessBuilder("bash", "scripts/bench-speed.sh", log.toString(), probe0.toString(),
                probe1.toString()).redirectErrorStream(true).start();
        String out = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.waitFor()).as(out).isZero();

        assertThat(out).contains("| throughput r1 nginx | 10:00:10 | 1 | 1.00 / 1.00 | 1.00 / 1.00 |")
                .as("the warm-up's seconds at 100 µs are left out of the measured ten")
                .contains("| throughput r1 switchboard | 10:00:23 | 1 | 1.00 / 1.00 | 1.50 / 1.50 |")
                .contains("| latency r1 switchboard | 10:01:33 | 0 | 1.20 / 1.20 | – |")
                .contains("| stream switchboard | 10:01:44 | 0 | 1.00 / 1.00 | 1.00 / 1.00 |")
                .contains("| hold switchboard-gemini | 10:01:50 | 1 | 1.00 / 1.00 | 1.30 / 1.70 |")
                .contains("CPU 0 100.0 µs (125 samples), CPU 1 100.0 µs (114)");
        assertThat(out.lines().filter(l -> l.startsWith("| ")).count()).as("a header and five rows").isEqualTo(6);
    }

    private static String sample(int secondOfDay, double micros, int switchedOut) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d.000 %.1f %d", secondOfDay / 3600, secondOfDay / 60 % 60,
                secondOfDay % 60, micros, switchedOut);
    }
}
