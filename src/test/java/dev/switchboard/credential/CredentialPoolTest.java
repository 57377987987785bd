package dev.switchboard.credential;

import static dev.switchboard.credential.SelectionStrategyTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.format.gemini.GeminiErrors;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.resilience.BreakerSettings;
import dev.switchboard.resilience.CooldownPolicy;
import dev.switchboard.resilience.CooldownSettings;
import dev.switchboard.testing.MutableClock;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CredentialPoolTest {
    static final String FLASH = "gemini-2.5-flash";
    static final String PRO = "gemini-2.5-pro";

    // 05:00 UTC is 22:00 PDT the day before: Pacific midnight is two hours away.
    private final MutableClock clock = MutableClock.at("2025-06-26T05:00:00Z");
    private final Credential k1 = key("k1"), k2 = key("k2"), k3 = key("k3");
    private final List<String> transitions = Collections.synchronizedList(new ArrayList<>());

    static Credential key(String id) {
        return new Credential(id, "gemini", "AIzaSy" + id + "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", Optional.empty(),
                Optional.empty(), List.of(), List.of(), 1, false);
    }

    private CredentialPool.Builder builder(Credential... credentials) {
        return CredentialPool.builder("gemini", List.of(credentials)).clock(clock)
                .breakerListener((name, from, to, at) -> transitions.add(name + " " + from + "->" + to));
    }

    private CredentialPool pool(Credential... credentials) {
        return builder(credentials).build();
    }

    private CredentialPool fillFirst(Credential... credentials) {
        return builder(credentials).strategy(SelectionStrategy.fillFirst()).build();
    }

    private static Lease lease(CredentialPool pool, String model) {
        return await(pool.acquire(model, Set.of()));
    }

    private static String use(CredentialPool pool, String model) {
        Lease l = lease(pool, model);
        l.succeeded();
        return l.credential().id();
    }

    private static UpstreamFailure acquireFailure(CredentialPool pool, String model) {
        Future<Lease> f = pool.acquire(model, Set.of());
        assertThat(f.failed()).as("acquire failed").isTrue();
        assertThat(f.cause()).isInstanceOf(UpstreamFailure.class);
        return (UpstreamFailure) f.cause();
    }

    private UpstreamFailure recorded(int status, String fixture) {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/gemini/" + fixture)) {
            return GeminiErrors.parse(status, in.readAllBytes(), Optional.empty(), clock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UpstreamFailure failure(FailureClass fc) {
        return UpstreamFailure.of(fc, ErrorKind.UPSTREAM, fc.name().toLowerCase());
    }

    private static UpstreamFailure rateLimited(long hintSeconds) {
        return new UpstreamFailure(FailureClass.RATE_LIMITED, ErrorKind.RATE_LIMITED, 429, "quota",
                Optional.of(Duration.ofSeconds(hintSeconds)), List.of());
    }

    private static CredentialStatus status(CredentialPool pool, String id) {
        return pool.status().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private static void failWith(CredentialPool pool, String id, UpstreamFailure f) {
        Lease l = leaseOn(pool, id, FLASH);
        l.failed(f);
    }

    /** Leases credential {@code id} by excluding every other one. */
    private static Lease leaseOn(CredentialPool pool, String id, String model) {
        Set<String> others = new HashSet<>();
        pool.credentials().forEach(c -> { if (!c.id().equals(id)) others.add(c.id()); });
        Lease l = await(pool.acquire(model, others));
        assertThat(l.credential().id()).isEqualTo(id);
        return l;
    }

    @Test
    void roundRobinCyclesThroughTheKeys() {
        CredentialPool pool = pool(k1, k2, k3);
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) picks.add(use(pool, FLASH));
        assertThat(picks).containsExactly("k1", "k2", "k3", "k1", "k2", "k3");
    }

    @Test
    void theCursorMovesExactlyOncePerAcquire() {
        PoolStateStore store = PoolStateStore.inMemory();
        CredentialPool pool = builder(k1, k2, k3).store(store).build();
        for (int i = 0; i < 5; i++) use(pool, FLASH);

        assertThat(await(store.getAndIncrement("rr:gemini:" + FLASH))).isEqualTo(5L);
    }

    @Test
    void aRateLimitedKeyCoolsForThatModelOnlyAndComesBack() {
        CredentialPool pool = pool(k1, k2, k3);
        failWith(pool, "k2", recorded(429, "429-per-minute.json"));

        List<String> flash = new ArrayList<>();
        for (int i = 0; i < 6; i++) flash.add(use(pool, FLASH));
        assertThat(flash).doesNotContain("k2").contains("k1", "k3");
        assertThat(leaseOn(pool, "k2", PRO).upstreamModel()).as("other models unaffected").isEqualTo(PRO);
        assertThat(status(pool, "k2").state()).isEqualTo("cooling");
        assertThat(status(pool, "k2").until()).contains(clock.instant().plusSeconds(38));

        clock.advanceSeconds(38);

        List<String> later = new ArrayList<>();
        for (int i = 0; i < 3; i++) later.add(use(pool, FLASH));
        assertThat(later).contains("k2");
    }

    @Test
    void consecutive429sWithoutAHintBackOffExponentially() {
        CredentialPool pool = pool(k1);
        Instant t0 = clock.instant();
        lease(pool, FLASH).failed(failure(FailureClass.RATE_LIMITED));
        assertThat(status(pool, "k1").until()).contains(t0.plusSeconds(30));

        clock.advanceSeconds(30);
        Instant t1 = clock.instant();
        lease(pool, FLASH).failed(failure(FailureClass.RATE_LIMITED));
        assertThat(status(pool, "k1").until()).contains(t1.plusSeconds(60));

        clock.advanceSeconds(60);
        lease(pool, FLASH).succeeded();
        lease(pool, FLASH).failed(failure(FailureClass.RATE_LIMITED));
        assertThat(status(pool, "k1").until()).as("a success resets the run").contains(clock.instant().plusSeconds(30));
    }

    @Test
    void allCoolingAnswers429WithTheEarliestReturn() {
        var noMargin = new CooldownSettings(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ZERO,
                CooldownSettings.PACIFIC, Duration.ofHours(6), Duration.ofMinutes(30), Duration.ofMinutes(30));
        CredentialPool pool = builder(k1, k2, k3).cooldowns(CooldownPolicy.standard(noMargin)).build();
        failWith(pool, "k1", rateLimited(40));
        failWith(pool, "k2", rateLimited(12));
        failWith(pool, "k3", rateLimited(37));

        UpstreamFailure f = acquireFailure(pool, FLASH);

        assertThat(f.failureClass()).isEqualTo(FailureClass.NO_CREDENTIAL);
        assertThat(f.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(f.httpStatus()).isEqualTo(429);
        assertThat(f.retryDelay()).contains(Duration.ofSeconds(12));
        assertThat(f.getMessage()).isEqualTo("All 3 credentials for model gemini-2.5-flash are cooling down or "
                + "unavailable; the first is available again in 12s");
        assertThat(pool.eligibleCount(FLASH, Set.of())).isZero();
        assertThat(pool.eligibleCount(PRO, Set.of())).isEqualTo(3);
    }

    @Test
    void noCredentialServesTheModel() {
        Credential flashOnly = new Credential("f", "gemini", "AIzaSyFLASHONLYXXXXXXXXXXXXXXXXXXXX", Optional.empty(),
                Optional.empty(), List.of(new ModelAlias(FLASH, FLASH)), List.of(), 1, false);

        UpstreamFailure f = acquireFailure(pool(flashOnly), "gpt-4o");

        assertThat(f.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(f.httpStatus()).isEqualTo(404);
        assertThat(f.getMessage()).isEqualTo("No credential serves model gpt-4o");
    }

    @Test
    void anEmptyPoolIsUnavailable() {
        UpstreamFailure f = acquireFailure(pool(), FLASH);

        assertThat(f.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(f.getMessage()).isEqualTo("No credentials configured for provider gemini");
    }

    @Test
    void excludedAndDisabledCredentialsAreNotPicked() {
        Credential off = new Credential("off", "gemini", "AIzaSyDISABLEDXXXXXXXXXXXXXXXXXXXXX", Optional.empty(),
                Optional.empty(), List.of(), List.of(), 1, true);
        CredentialPool pool = pool(k1, off, k2, k3);
        for (int i = 0; i < 4; i++) {
            Lease l = await(pool.acquire(FLASH, Set.of("k1", "k2")));
            assertThat(l.credential().id()).isEqualTo("k3");
            l.succeeded();
        }
        assertThat(status(pool, "off").state()).isEqualTo("disabled");
        assertThat(pool.eligibleCount(FLASH, Set.of("k1"))).isEqualTo(2);
    }

    @Test
    void aliasesMapToTheUpstreamModelAndCooldownsFollowIt() {
        Credential aliased = new Credential("a", "gemini", "AIzaSyALIASEDXXXXXXXXXXXXXXXXXXXXXX", Optional.empty(),
                Optional.empty(), List.of(new ModelAlias("gemini-2.5-flash-preview-05-20", "flash")), List.of(), 1, false);
        CredentialPool pool = pool(aliased);

        Lease l = lease(pool, "flash");
        assertThat(l.upstreamModel()).isEqualTo("gemini-2.5-flash-preview-05-20");
        l.failed(rateLimited(10));

        assertThat(acquireFailure(pool, "gemini-2.5-flash-preview-05-20").getMessage())
                .startsWith("The only credential for model gemini-2.5-flash-preview-05-20 is cooling down");
    }

    @Test
    void anInvalidKeyLeavesRotationForEveryModelAndIsProbedOnceAfterTheRecheckTime() {
        CredentialPool pool = fillFirst(k1, k2);
        lease(pool, FLASH).failed(recorded(400, "400-api-key-invalid.json"));

        assertThat(status(pool, "k1").state()).isEqualTo("invalid");
        assertThat(status(pool, "k1").until()).contains(clock.instant().plus(Duration.ofMinutes(30)));
        for (String model : List.of(FLASH, PRO)) assertThat(use(pool, model)).isEqualTo("k2");

        clock.advance(Duration.ofMinutes(30));
        Lease probe = lease(pool, FLASH);
        Lease next = lease(pool, PRO);
        assertThat(probe.credential().id()).isEqualTo("k1");
        assertThat(next.credential().id()).as("one probe at a time").isEqualTo("k2");

        probe.failed(recorded(400, "400-api-key-invalid.json"));
        assertThat(use(pool, FLASH)).isEqualTo("k2");
        clock.advance(Duration.ofMinutes(30));

        lease(pool, FLASH).succeeded();

        assertThat(status(pool, "k1").state()).isEqualTo("healthy");
        assertThat(use(pool, FLASH)).isEqualTo("k1");
    }

    @Test
    void a429OnTheProbeProvesTheKeyValid() {
        CredentialPool pool = fillFirst(k1, k2);
        lease(pool, FLASH).failed(recorded(403, "403-permission-denied.json"));
        clock.advance(Duration.ofMinutes(30));

        lease(pool, FLASH).failed(recorded(429, "429-per-minute.json"));

        assertThat(status(pool, "k1").state()).isEqualTo("cooling");
        assertThat(leaseOn(pool, "k1", PRO).credential().id()).isEqualTo("k1");
    }

    @Test
    void aSpentDailyQuotaRestsUntilPacificMidnightWithOneProbeEveryHalfHour() {
        CredentialPool pool = fillFirst(k1, k2);
        lease(pool, FLASH).failed(recorded(429, "429-per-day.json"));

        assertThat(status(pool, "k1").state()).isEqualTo("cooling");
        assertThat(status(pool, "k1").until()).contains(Instant.parse("2025-06-26T07:00:00Z"));
        assertThat(status(pool, "k1").lastError()).hasValueSatisfying(m ->
                assertThat(m).startsWith("QUOTA_EXHAUSTED: You exceeded your current quota").doesNotContain("\n"));
        assertThat(use(pool, FLASH)).isEqualTo("k2");
        assertThat(use(pool, PRO)).as("other models unaffected").isEqualTo("k1");

        clock.advance(Duration.ofMinutes(30));
        Lease probe = lease(pool, FLASH);
        assertThat(probe.credential().id()).isEqualTo("k1");
        assertThat(use(pool, FLASH)).isEqualTo("k2");

        probe.abandoned();
        Lease again = lease(pool, FLASH);
        assertThat(again.credential().id()).as("an abandoned probe frees the slot").isEqualTo("k1");
        again.failed(recorded(429, "429-per-day.json"));
        clock.advance(Duration.ofMinutes(29));
        assertThat(use(pool, FLASH)).isEqualTo("k2");

        clock.advance(Duration.ofMinutes(61)); // past midnight Pacific
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 3; i++) picks.add(use(pool, FLASH));
        assertThat(picks).containsOnly("k1");
    }

    @Test
    void serverErrorsOpenTheBreakerAndOneProbeClosesIt() {
        CredentialPool pool = fillFirst(k1, k2);
        for (int i = 0; i < 5; i++) lease(pool, FLASH).failed(failure(FailureClass.SERVER_ERROR));

        assertThat(status(pool, "k1").state()).isEqualTo("open");
        assertThat(status(pool, "k1").until()).contains(clock.instant().plusSeconds(30));
        assertThat(use(pool, PRO)).as("the breaker covers every model").isEqualTo("k2");

        clock.advanceSeconds(30);
        assertThat(status(pool, "k1").state()).isEqualTo("half_open");
        Lease probe = lease(pool, FLASH);
        assertThat(probe.credential().id()).isEqualTo("k1");
        assertThat(use(pool, FLASH)).isEqualTo("k2");

        probe.succeeded();

        assertThat(status(pool, "k1").state()).isEqualTo("healthy");
        assertThat(use(pool, FLASH)).isEqualTo("k1");
        assertThat(transitions).containsExactly("k1 CLOSED->OPEN", "k1 OPEN->HALF_OPEN", "k1 HALF_OPEN->CLOSED");
    }

    @Test
    void aFailedProbeReopensForTwiceAsLong() {
        CredentialPool pool = fillFirst(k1, k2);
        for (int i = 0; i < 5; i++) lease(pool, FLASH).failed(failure(FailureClass.TIMEOUT));
        clock.advanceSeconds(30);

        lease(pool, FLASH).failed(failure(FailureClass.CONNECTION));

        assertThat(status(pool, "k1").state()).isEqualTo("open");
        assertThat(status(pool, "k1").until()).contains(clock.instant().plusSeconds(60));
    }

    @Test
    void concurrentAcquiresGetExactlyOneHalfOpenProbe() throws Exception {
        CredentialPool pool = builder(k1, k2).strategy(SelectionStrategy.fillFirst())
                .breaker(BreakerSettings.defaults()).build();
        for (int i = 0; i < 5; i++) lease(pool, FLASH).failed(failure(FailureClass.SERVER_ERROR));
        clock.advanceSeconds(30);

        int threads = 8;
        var start = new CyclicBarrier(threads);
        var executor = Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<String>> picks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                picks.add(executor.submit(() -> {
                    start.await(5, TimeUnit.SECONDS);
                    return await(pool.acquire(FLASH, Set.of())).credential().id();
                }));
            }
            List<String> ids = new ArrayList<>();
            for (var p : picks) ids.add(p.get(5, TimeUnit.SECONDS));
            assertThat(ids).filteredOn("k1"::equals).hasSize(1);
            assertThat(ids).filteredOn("k2"::equals).hasSize(threads - 1);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void clientErrorsCountAgainstNeitherCooldownNorBreaker() {
        CredentialPool pool = fillFirst(k1, k2);
        for (int i = 0; i < 10; i++) lease(pool, FLASH).failed(failure(FailureClass.CLIENT_ERROR));

        CredentialStatus s = status(pool, "k1");
        assertThat(s.state()).isEqualTo("healthy");
        assertThat(s.failures()).isZero();
        assertThat(use(pool, FLASH)).isEqualTo("k1");
    }

    @Test
    void inFlightIsCountedAndOutcomesCountOnce() {
        CredentialPool pool = builder(k1, k2).strategy(SelectionStrategy.leastInFlight()).build();
        Lease first = lease(pool, FLASH);
        assertThat(status(pool, first.credential().id()).inFlight()).isEqualTo(1);
        Lease second = lease(pool, FLASH);
        assertThat(second.credential().id()).as("least in flight").isNotEqualTo(first.credential().id());

        first.succeeded();
        first.succeeded();
        first.failed(failure(FailureClass.SERVER_ERROR));
        second.abandoned();

        CredentialStatus s = status(pool, first.credential().id());
        assertThat(s.inFlight()).isZero();
        assertThat(s.successes()).isEqualTo(1);
        assertThat(s.failures()).isZero();
        assertThat(status(pool, second.credential().id()).inFlight()).isZero();
    }

    @Test
    void statusNeverShowsASecret() {
        Credential proxied = new Credential("gemini:AIza…QXYZ", "gemini", "AIzaSyPROXIEDSECRETXXXXXXXXXXXXXQXYZ",
                Optional.empty(), Optional.of(ProxySpec.parse("socks5://user:hunter2pass@10.0.0.1:1080")),
                List.of(), List.of(), 1, false);
        CredentialPool pool = pool(proxied, k1);
        Lease l = leaseOn(pool, proxied.id(), FLASH);
        l.failed(new UpstreamFailure(FailureClass.INVALID_CREDENTIAL, ErrorKind.INVALID_REQUEST, 400,
                "API key " + proxied.secret() + " not valid; also " + k1.secret(), Optional.empty(), List.of()));

        String all = pool.status().toString();

        assertThat(all).doesNotContain(proxied.secret()).doesNotContain(k1.secret()).doesNotContain("hunter2pass");
        CredentialStatus s = status(pool, proxied.id());
        assertThat(s.state()).isEqualTo("invalid");
        assertThat(s.lastError()).hasValueSatisfying(m -> assertThat(m).startsWith("INVALID_CREDENTIAL: API key AIza…"));
        assertThat(s.proxy()).contains("socks5://***@10.0.0.1:1080");
    }

    @Test
    void statusReportsCountsAndLastError() {
        CredentialPool pool = pool(k1);
        lease(pool, FLASH).succeeded();
        lease(pool, FLASH).succeeded();
        lease(pool, FLASH).failed(recorded(503, "503-overloaded.json"));

        CredentialStatus s = status(pool, "k1");
        assertThat(s.provider()).isEqualTo("gemini");
        assertThat(s.successes()).isEqualTo(2);
        assertThat(s.failures()).isEqualTo(1);
        assertThat(s.lastError()).contains("SERVER_ERROR: The model is overloaded. Please try again later.");
        assertThat(s.lastErrorAt()).contains(clock.instant());
        assertThat(s.state()).isEqualTo("healthy");
    }

    @Test
    void poolsSharingAStoreSeeEachOthersCooldowns() {
        PoolStateStore store = PoolStateStore.inMemory();
        CredentialPool a = builder(k1).store(store).build();
        CredentialPool b = builder(k1).store(store).build();

        lease(a, FLASH).failed(rateLimited(20));

        assertThat(acquireFailure(b, FLASH).retryDelay()).contains(Duration.ofSeconds(21));
        assertThat(status(b, "k1").state()).isEqualTo("cooling");
    }

    @Test
    void credentialsMustBelongToThePoolsProviderAndHaveDistinctIds() {
        Credential vertex = new Credential("v", "vertex", "AIzaSyVERTEXXXXXXXXXXXXXXXXXXXXXXXX", Optional.empty(),
                Optional.empty(), List.of(), List.of(), 1, false);

        assertThatThrownBy(() -> pool(k1, vertex))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vertex");
        assertThatThrownBy(() -> pool(k1, key("k1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k1");
    }
}
