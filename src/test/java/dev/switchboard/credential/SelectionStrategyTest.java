package dev.switchboard.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.MutableClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SelectionStrategyTest {
    private final MutableClock clock = MutableClock.at("2025-06-26T20:30:00Z");
    private final PoolStateStore store = PoolStateStore.inMemory();
    private final Credential a = key("a", 1), b = key("b", 2), c = key("c", 7);
    private final List<Credential> all = List.of(a, b, c);
    private final Map<String, Integer> inFlight = new HashMap<>();

    static Credential key(String id, int weight) {
        return new Credential(id, "gemini", "secret-" + id + "-0123456789", Optional.empty(), Optional.empty(),
                List.of(), List.of(), weight, false);
    }

    static <T> T await(Future<T> f) {
        assertThat(f.isComplete()).as("completed").isTrue();
        if (f.failed()) throw new AssertionError(f.cause());
        return f.result();
    }

    private String pick(SelectionStrategy s, List<Credential> eligible) {
        return pick(s, "gemini:m", eligible);
    }

    private String pick(SelectionStrategy s, String scope, List<Credential> eligible) {
        var selection = new SelectionStrategy.Selection(scope, all, eligible, clock.instant(), store,
                cr -> inFlight.getOrDefault(cr.id(), 0));
        List<Credential> order = await(s.order(selection));
        assertThat(order).containsExactlyInAnyOrderElementsOf(eligible);
        return order.getFirst().id();
    }

    private List<String> picks(SelectionStrategy s, List<Credential> eligible, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(pick(s, eligible));
        return out;
    }

    @Test
    void roundRobinIsAStrictCycle() {
        assertThat(picks(SelectionStrategy.roundRobin(), all, 7)).containsExactly("a", "b", "c", "a", "b", "c", "a");
    }

    @Test
    void roundRobinCyclesOverWhatIsEligible() {
        SelectionStrategy rr = SelectionStrategy.roundRobin();
        assertThat(picks(rr, List.of(a, c), 4)).containsExactly("a", "c", "a", "c");
    }

    @Test
    void roundRobinKeepsOneCursorPerScope() {
        SelectionStrategy rr = SelectionStrategy.roundRobin();
        List<String> x = new ArrayList<>(), y = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            x.add(pick(rr, "gemini:x", all));
            y.add(pick(rr, "gemini:y", all));
        }
        assertThat(x).containsExactly("a", "b", "c");
        assertThat(y).containsExactly("a", "b", "c");
    }

    @Test
    void timeWindowMovesOnAfterMaxRequests() {
        SelectionStrategy tw = SelectionStrategy.timeWindow(Duration.ofHours(1), 3);
        assertThat(picks(tw, all, 10)).containsExactly("a", "a", "a", "b", "b", "b", "c", "c", "c", "a");
    }

    @Test
    void timeWindowMovesOnWhenTheWindowEnds() {
        SelectionStrategy tw = SelectionStrategy.timeWindow(Duration.ofSeconds(60), 1000);
        assertThat(picks(tw, all, 5)).containsOnly("a");
        clock.advance(Duration.ofSeconds(59));
        assertThat(pick(tw, all)).isEqualTo("a");

        clock.advance(Duration.ofSeconds(1));

        assertThat(picks(tw, all, 5)).containsOnly("b");
    }

    @Test
    void timeWindowSkipsACredentialThatBecomesUnhealthyAndStaysOnItsSuccessor() {
        SelectionStrategy tw = SelectionStrategy.timeWindow(Duration.ofHours(1), 100);
        assertThat(pick(tw, all)).isEqualTo("a");

        assertThat(pick(tw, List.of(b, c))).isEqualTo("b");
        assertThat(pick(tw, all)).as("a is back, but the window is b's now").isEqualTo("b");
        assertThat(pick(tw, List.of(a))).isEqualTo("a");
    }

    @Test
    void fillFirstTakesTheFirstEligibleInConfigOrder() {
        SelectionStrategy ff = SelectionStrategy.fillFirst();
        assertThat(picks(ff, all, 3)).containsOnly("a");
        assertThat(pick(ff, List.of(b, c))).isEqualTo("b");
    }

    @Test
    void randomIsRoughlyUniform() {
        SelectionStrategy r = SelectionStrategy.random(new Random(42));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 9000; i++) counts.merge(pick(r, all), 1, Integer::sum);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(2700, 3300));
    }

    @Test
    void weightedFollowsTheWeights() {
        SelectionStrategy w = SelectionStrategy.weighted(new Random(7));
        Map<String, Integer> counts = new HashMap<>();
        int n = 10_000;
        for (int i = 0; i < n; i++) counts.merge(pick(w, all), 1, Integer::sum);

        // weights 1, 2, 7 of 10
        assertThat(counts.get("a")).isBetween(800, 1200);
        assertThat(counts.get("b")).isBetween(1750, 2250);
        assertThat(counts.get("c")).isBetween(6700, 7300);
    }

    @Test
    void weightZeroIsOnlyALastResort() {
        Credential zero = key("z", 0);
        SelectionStrategy w = SelectionStrategy.weighted(new Random(1));
        for (int i = 0; i < 500; i++) assertThat(pick(w, List.of(zero, a))).isEqualTo("a");
        assertThat(pick(w, List.of(zero))).isEqualTo("z");
    }

    @Test
    void leastInFlightPrefersTheIdlest() {
        inFlight.putAll(Map.of("a", 2, "b", 0, "c", 1));
        var selection = new SelectionStrategy.Selection("gemini:m", all, all, clock.instant(), store,
                cr -> inFlight.getOrDefault(cr.id(), 0));

        assertThat(await(SelectionStrategy.leastInFlight().order(selection))).extracting(Credential::id)
                .containsExactly("b", "c", "a");
    }

    @Test
    void leastInFlightSpreadsTiesRoundRobin() {
        assertThat(picks(SelectionStrategy.leastInFlight(), all, 4)).containsExactly("a", "b", "c", "a");
    }

    @Test
    void namesFromConfig() {
        assertThat(SelectionStrategy.named("round_robin").name()).isEqualTo("round_robin");
        assertThat(SelectionStrategy.named("Time-Window").name()).isEqualTo("time_window");
        assertThat(SelectionStrategy.named("fill_first").name()).isEqualTo("fill_first");
        assertThat(SelectionStrategy.named("random").name()).isEqualTo("random");
        assertThat(SelectionStrategy.named("weighted").name()).isEqualTo("weighted");
        assertThat(SelectionStrategy.named(" least_in_flight ").name()).isEqualTo("least_in_flight");
        assertThatThrownBy(() -> SelectionStrategy.named("sticky"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("round_robin");
    }
}
