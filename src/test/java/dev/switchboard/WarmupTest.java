package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WarmupTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyKindOfRequestIsAnsweredOnLoopback() throws Exception {
        int closedBefore = Warmup.upstreamsClosed();
        int answered = Warmup.run(vertx, new Warmup.Plan(3, 2, 1, 1), Duration.ofSeconds(30)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        // 3 rounds of 9 kinds (plain and streamed chat into Gemini and OpenAI upstreams, streamed with and without
        // usage, native Gemini, lists, health), then one burst of streams at once; any answer other than 200 would
        // have ended the warm-up early.
        assertThat(answered).isEqualTo(27 + Warmup.BURST_STREAMS);
        // One pass: no pause between passes, so the stand-in closed nothing itself.
        assertThat(Warmup.upstreamsClosed()).isEqualTo(closedBefore);
    }

    @Test
    void everyWayOfWritingABodyIsAnswered() throws Exception {
        // One client, 3 rounds of 9 kinds: round 1 writes the bodies compact, round 2 ends each with a newline, round
        // 3 puts a space after every comma and colon. The stand-in must still see which ones stream, and the gateway
        // must answer all of them; any answer other than 200 would have ended the warm-up early.
        int answered = Warmup.run(vertx, new Warmup.Plan(3, 1, 0, 1), Duration.ofSeconds(30)).toCompletionStage()
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(answered).isEqualTo(27);
    }

    @Test
    void pythonStyleSpacesSeparatorsButNotStrings() {
        String compact = "{\"model\":\"m\",\"messages\":[{\"content\":\"a:b, \\\"c,d\\\" e\"}],\"n\":[1,2]}";

        assertThat(Warmup.pythonStyle(compact))
                .isEqualTo("{\"model\": \"m\", \"messages\": [{\"content\": \"a:b, \\\"c,d\\\" e\"}], \"n\": [1, 2]}");
    }

    @Test
    void aChunkedUploadWhoseEndComesInALaterWriteIsAnsweredToo() throws Exception {
        // 54 requests from one client: the fiftieth is sent raw, its body chunked and the last byte of it written a
        // moment after the rest. Unless the gateway answers it 200, the warm-up ends there.
        int answered = Warmup.run(vertx, new Warmup.Plan(6, 1, 0, 1), Duration.ofSeconds(30)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertThat(answered).isEqualTo(54);
    }

    @Test
    void eachPassSendsEverythingAgainOnceTheCompilerIsQuiet() throws Exception {
        // A compiler that works through the first pass and the start of the pause: its total time moves on for
        // the first five readings, then stands still.
        AtomicInteger readings = new AtomicInteger();
        int perPass = 27 + Warmup.BURST_STREAMS;
        int closedBefore = Warmup.upstreamsClosed();
        int answered = Warmup.run(vertx, new Warmup.Plan(3, 2, 1, 2), Duration.ofSeconds(30), () -> {
            int n = readings.incrementAndGet();
            return Math.min(n, 5) * 100L;
        }).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        // Between the passes the stand-in closed the upstream connections the gateway kept idle; the second pass was
        // answered in full all the same, over new ones.
        assertThat(Warmup.upstreamsClosed() - closedBefore).isPositive();
        assertThat(answered).isEqualTo(2 * perPass);
        // One reading when the pause begins, four more while the time still moves, then two that find it still.
        assertThat(readings.get()).isEqualTo(7);
    }

    @Test
    void aBurstWithAnEventGapHoldsItsStreamsOpenWhileTheirEventsArrive() throws Exception {
        Warmup.Plan fast = new Warmup.Plan(0, 1, 1, 1, 10, Duration.ZERO);
        Warmup.Plan paced = new Warmup.Plan(0, 1, 1, 1, 10, Duration.ofMillis(100));
        millisToRun(fast);   // the first run also loads and starts what the others reuse

        long unpaced = millisToRun(fast);
        long spaced = millisToRun(paced);

        // Twelve events or more per stream, 100 ms apart, and the gap again before the end: 1.2 s at least. The
        // same burst without a gap is over in a fraction of that.
        assertThat(spaced).isGreaterThanOrEqualTo(1_200);
        assertThat(unpaced).isLessThan(1_200);
    }

    private long millisToRun(Warmup.Plan plan) throws Exception {
        long started = System.nanoTime();
        int answered = Warmup.run(vertx, plan, Duration.ofSeconds(30)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(answered).isEqualTo(plan.burstStreams());
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Test
    void theTimeBudgetEndsItEarly() throws Exception {
        int answered = Warmup.run(vertx, new Warmup.Plan(1000, 1, 1, 3), Duration.ZERO).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertThat(answered).isZero();
    }
}
