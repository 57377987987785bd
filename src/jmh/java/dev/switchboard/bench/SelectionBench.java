package dev.switchboard.bench;

import dev.switchboard.credential.Credential;
import dev.switchboard.credential.CredentialPool;
import dev.switchboard.credential.Lease;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** Credential selection (acquire + outcome) on one shared pool, contended by two threads. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SelectionBench {
    @Param({"round_robin", "least_in_flight"})
    public String strategy;

    @Param({"20"})
    public int keys;

    CredentialPool pool;

    @Setup
    public void setUp() {
        List<Credential> creds = new ArrayList<>();
        for (int i = 0; i < keys; i++) creds.add(Credential.key("gemini", "AIzaBENCH-key-%020d".formatted(i)));
        pool = CredentialPool.builder("gemini", creds)
                .strategy(dev.switchboard.credential.SelectionStrategy.named(strategy)).build();
    }

    @Benchmark
    @Threads(2)
    public Lease acquireAndSucceed() {
        Lease lease = pool.acquire("gemini-2.0-flash", Set.of()).result();
        lease.succeeded();
        return lease;
    }
}
