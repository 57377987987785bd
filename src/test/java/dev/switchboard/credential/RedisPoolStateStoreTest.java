package dev.switchboard.credential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's contract against a real Redis, with two stores standing for two replicas. */
class RedisPoolStateStoreTest {
    Vertx vertx;
    RedisPoolStateStore a;
    RedisPoolStateStore b;
    Redis raw;
    String prefix;

    @BeforeEach
    void connect() {
        RedisUrl url = RedisUrl.parse(TestRedis.url());
        prefix = TestRedis.uniquePrefix();
        vertx = Vertx.vertx();
        a = RedisPoolStateStore.connect(vertx, url, prefix, Duration.ofSeconds(1));
        b = RedisPoolStateStore.connect(vertx, url, prefix, Duration.ofSeconds(1));
        raw = Redis.createClient(vertx, url.connectionString());
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        raw.close();
        await(vertx.close());
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    Response redis(Command cmd, String... args) {
        Request r = Request.cmd(cmd);
        for (String s : args) r.arg(s);
        return await(raw.send(r));
    }

    @Test
    void countersIncrementExactlyOncePerCallAcrossReplicas() {
        List<Future<Long>> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            calls.add(a.getAndIncrement("rr:gemini:flash"));
            calls.add(b.getAndIncrement("rr:gemini:flash"));
        }
        await(Future.all(calls));

        Set<Long> values = new HashSet<>();
        calls.forEach(f -> values.add(f.result()));
        assertThat(values).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 600).boxed().toList());
    }

    @Test
    void concurrentChangesFromThreeReplicasAreAllKept() {
        RedisPoolStateStore c = RedisPoolStateStore.connect(vertx, RedisUrl.parse(TestRedis.url()), prefix, Duration.ofSeconds(1));
        List<Future<PoolStateStore.Updated>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(a.update("gemini/k1", s -> s.withOutcome(s.rateLimitStrikes(), s.successes() + 1, s.failures(), s.lastError())));
            calls.add(b.update("gemini/k1", s -> s.withOutcome(s.rateLimitStrikes(), s.successes(), s.failures() + 1, s.lastError())));
            calls.add(c.update("gemini/k1", s -> s.withOutcome(s.rateLimitStrikes() + 1, s.successes(), s.failures(), s.lastError())));
        }
        await(Future.all(calls));
        c.close();

        CredentialState s = await(a.read(List.of("gemini/k1"))).get("gemini/k1");
        assertThat(s.successes()).isEqualTo(100);
        assertThat(s.failures()).isEqualTo(100);
        assertThat(s.rateLimitStrikes()).isEqualTo(100);
        assertThat(s.version()).isEqualTo(300);
    }

    @Test
    void aChangeBasedOnAStaleCopyIsAppliedToTheCurrentOne() {
        await(a.read(List.of("k")));
        await(b.update("k", s -> s.withOutcome(0, 5, 0, s.lastError()).withVersion(1)));

        PoolStateStore.Updated u = await(a.update("k", s -> s.withOutcome(0, s.successes() + 1, 0, s.lastError())));

        assertThat(u.before().successes()).isEqualTo(5);
        assertThat(u.after().successes()).isEqualTo(6);
        assertThat(u.after().version()).isEqualTo(2);
        assertThat(await(b.read(List.of("k", "never"))))
                .containsEntry("never", CredentialState.initial())
                .hasEntrySatisfying("k", s -> assertThat(s.successes()).isEqualTo(6));
    }

    @Test
    void stateIsStoredAsReadableJsonUnderThePrefixWithATimeToLive() {
        await(a.update("gemini/k1", s -> s.withOutcome(0, 1, 0, s.lastError())));

        String key = prefix + ":state:gemini/k1";
        assertThat(redis(Command.GET, key).toString()).startsWith("{\"version\":1,");
        assertThat(redis(Command.PTTL, key).toLong()).isPositive();
    }

    @Test
    void unreadableStateIsTakenAsInitialAndOverwritten() {
        redis(Command.SET, prefix + ":state:bad", "garbage");

        assertThat(await(a.read(List.of("bad"))).get("bad")).isEqualTo(CredentialState.initial());
        PoolStateStore.Updated u = await(a.update("bad", s -> s.withOutcome(0, 1, 0, s.lastError())));
        assertThat(u.before()).isEqualTo(CredentialState.initial());
        assertThat(await(b.read(List.of("bad"))).get("bad").successes()).isEqualTo(1);
    }

    @Test
    void aFailingChangeFailsTheFutureAndWritesNothing() {
        Future<PoolStateStore.Updated> f = a.update("x", s -> { throw new IllegalStateException("boom"); });

        assertThat(f.toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(5));
        assertThat(redis(Command.EXISTS, prefix + ":state:x").toInteger()).isZero();
    }

    @Test
    void cursorsChangeAtomically() {
        List<Future<WindowCursor>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(a.updateCursor("tw:gemini:m", c -> new WindowCursor("k1", c.startedAt(), c.count() + 1)));
            calls.add(b.updateCursor("tw:gemini:m", c -> new WindowCursor("k1", c.startedAt(), c.count() + 1)));
        }
        await(Future.all(calls));

        assertThat(await(a.updateCursor("tw:gemini:m", c -> c)).count()).isEqualTo(100);
    }

    @Test
    void windowsAddUpAcrossReplicasAndExpire() {
        assertThat(await(a.addToWindow("rl:k:requests:1", 2, Duration.ofSeconds(120)))).isEqualTo(2);
        assertThat(await(b.addToWindow("rl:k:requests:1", 3, Duration.ofSeconds(120)))).isEqualTo(5);

        assertThat(await(a.readWindows(List.of("rl:k:requests:1", "rl:none")))).containsEntry("rl:k:requests:1", 5L)
                .containsEntry("rl:none", 0L);
        long ttl = redis(Command.PTTL, prefix + ":window:rl:k:requests:1").toLong();
        assertThat(ttl).isBetween(1L, 120_000L);
    }

    @Test
    void sharedValuesWithTimeToLive() {
        await(a.putValue("ondemand:session:k1", "sess-123", Duration.ofMinutes(10)));

        assertThat(await(b.value("ondemand:session:k1"))).contains("sess-123");
        assertThat(redis(Command.PTTL, prefix + ":value:ondemand:session:k1").toLong()).isBetween(1L, 600_000L);
        await(b.removeValue("ondemand:session:k1"));
        assertThat(await(a.value("ondemand:session:k1"))).isEqualTo(Optional.empty());
    }

    @Test
    void scriptsForgottenByRedisAreSentAgain() {
        await(a.addToWindow("w", 1, Duration.ofSeconds(60)));
        redis(Command.SCRIPT, "FLUSH");

        assertThat(await(a.addToWindow("w", 1, Duration.ofSeconds(60)))).isEqualTo(2);
        await(a.ping());
    }
}
