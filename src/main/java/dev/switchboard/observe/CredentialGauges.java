package dev.switchboard.observe;

import dev.switchboard.credential.CredentialPool;
import dev.switchboard.credential.CredentialStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Per-credential gauges, read from the pools' status when metrics are scraped: whichever pools are current
 * then, so that rebuilt pools are picked up and removed credentials disappear.
 */
final class CredentialGauges {
    static final String STATE = "switchboard.credential.state";
    static final String IN_FLIGHT = "switchboard.credential.in.flight";
    static final String COOLDOWN_REMAINING = "switchboard.credential.cooldown.remaining";
    static final List<String> STATES = List.of("healthy", "cooling", "open", "half_open", "disabled", "invalid");

    private final MultiGauge state;
    private final MultiGauge inFlight;
    private final MultiGauge remaining;

    CredentialGauges(MeterRegistry registry) {
        state = MultiGauge.builder(STATE)
                .description("1 for the state each credential is in (healthy, cooling, open, half_open, disabled, invalid)")
                .register(registry);
        inFlight = MultiGauge.builder(IN_FLIGHT).description("Upstream requests in flight per credential")
                .register(registry);
        remaining = MultiGauge.builder(COOLDOWN_REMAINING).baseUnit("seconds")
                .description("Time until a cooling, open or invalid credential is tried again; 0 when available")
                .register(registry);
    }

    synchronized void refresh(Collection<CredentialPool> pools, Instant now) {
        List<MultiGauge.Row<?>> states = new ArrayList<>();
        List<MultiGauge.Row<?>> flights = new ArrayList<>();
        List<MultiGauge.Row<?>> waits = new ArrayList<>();
        for (CredentialPool pool : pools) {
            for (CredentialStatus s : pool.status()) {
                Tags tags = Tags.of("provider", pool.provider(), "credential", s.id());
                for (String st : STATES) states.add(MultiGauge.Row.of(tags.and("state", st), st.equals(s.state()) ? 1 : 0));
                flights.add(MultiGauge.Row.of(tags, s.inFlight()));
                double wait = s.until().map(u -> Math.max(0, Duration.between(now, u).toMillis() / 1000.0)).orElse(0.0);
                waits.add(MultiGauge.Row.of(tags, wait));
            }
        }
        state.register(states, true);
        inFlight.register(flights, true);
        remaining.register(waits, true);
    }
}
