package dev.switchboard.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.MutableClock;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRatesTest {
    final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    final RequestRates rates = new RequestRates(clock);

    @Test
    void windowsCountRequestsAndOnlyServerSideTroubleAsErrors() {
        rates.record(200);
        rates.record(400);
        rates.record(429);
        clock.advanceSeconds(30);
        rates.record(503);
        rates.record(499);

        assertThat(rates.last(60)).isEqualTo(new RequestRates.Window(60, 5, 2));
        clock.advanceSeconds(45);
        assertThat(rates.last(60)).isEqualTo(new RequestRates.Window(60, 2, 1));
        assertThat(rates.last(300)).isEqualTo(new RequestRates.Window(300, 5, 2));
        clock.advanceSeconds(300);
        assertThat(rates.last(300)).isEqualTo(new RequestRates.Window(300, 0, 0));
    }

    @Test
    void historyBucketsEndNowOldestFirst() {
        rates.record(200);
        clock.advanceSeconds(10);
        rates.record(500);
        rates.record(200);

        List<RequestRates.Point> h = rates.history(30, 10);

        assertThat(h).hasSize(30);
        assertThat(h.getLast().start()).isEqualTo(clock.millis() / 1000 - 9);
        assertThat(h.getLast()).extracting(RequestRates.Point::requests, RequestRates.Point::errors).containsExactly(2L, 1L);
        assertThat(h.get(28)).extracting(RequestRates.Point::requests, RequestRates.Point::errors).containsExactly(1L, 0L);
        assertThat(h.subList(0, 28)).allMatch(p -> p.requests() == 0);
    }

    @Test
    void aSlotReusedAfterFiveMinutesStartsFromZero() {
        rates.record(200);
        clock.advanceSeconds(RequestRates.SECONDS);
        rates.record(200);

        assertThat(rates.last(1).requests()).isEqualTo(1);
    }
}
