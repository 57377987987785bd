package dev.switchboard.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.credential.Credential;
import dev.switchboard.model.ModelInfo;
import dev.switchboard.routing.RoutedProvider;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.RoutingConfig;
import dev.switchboard.testing.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The catalog's cache: the first call waits, later stale calls answer at once while one refresh runs. */
class ModelCatalogTest {
    final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    final Router router = new Router(new RoutingConfig(false, Map.of(), Optional.empty(), List.of(), Map.of()),
            List.of(new RoutedProvider("gemini", List.of(Credential.key("gemini", "k")), RoutedProvider.GOOGLE_MODELS)));
    final AtomicReference<Supplier<Future<List<ModelInfo>>>> next = new AtomicReference<>();
    final AtomicInteger calls = new AtomicInteger();
    final ModelCatalog catalog = new ModelCatalog(List.of(), List.of(() -> {
        calls.incrementAndGet();
        return next.get().get();
    }), router, clock, Duration.ofMinutes(10));

    static Supplier<Future<List<ModelInfo>>> listing(String... ids) {
        return () -> Future.succeededFuture(java.util.Arrays.stream(ids).map(id -> new ModelInfo(id, "gemini")).toList());
    }

    static List<String> ids(Future<List<ModelInfo>> f) {
        assertThat(f.succeeded()).as("answered at once").isTrue();
        return f.result().stream().map(ModelInfo::id).toList();
    }

    @Test
    void aStaleListIsServedAtOnceWhileOneRefreshRuns() {
        next.set(listing("gemini-2.5-pro"));
        assertThat(ids(catalog.models())).containsExactly("gemini-2.5-pro");
        assertThat(ids(catalog.models())).containsExactly("gemini-2.5-pro");
        assertThat(calls).hasValue(1);

        Promise<List<ModelInfo>> slow = Promise.promise();
        next.set(slow::future);
        clock.advance(Duration.ofMinutes(11));
        assertThat(ids(catalog.models())).containsExactly("gemini-2.5-pro");
        assertThat(ids(catalog.models())).containsExactly("gemini-2.5-pro");
        assertThat(calls).hasValue(2);

        slow.complete(List.of(new ModelInfo("gemini-2.5-flash", "gemini")));
        assertThat(ids(catalog.models())).containsExactly("gemini-2.5-flash");
    }

    @Test
    void aFailedRefreshKeepsThePreviousList() {
        next.set(listing("gemini-2.5-pro", "gemini-2.5-flash"));
        assertThat(ids(catalog.models())).hasSize(2);

        next.set(() -> Future.failedFuture("HTTP 503"));
        clock.advance(Duration.ofMinutes(11));
        catalog.models();
        assertThat(ids(catalog.models())).containsExactly("gemini-2.5-pro", "gemini-2.5-flash");

        next.set(listing("gemini-2.5-pro"));
        clock.advance(Duration.ofMinutes(11));
        catalog.models();
        assertThat(ids(catalog.models())).containsExactly("gemini-2.5-pro");
    }

    @Test
    void namesNobodyCanAskForAreLeftOut() {
        next.set(listing("gemini-2.5-pro", "claude-3-opus"));

        assertThat(ids(catalog.models())).containsExactly("gemini-2.5-pro");
    }
}
