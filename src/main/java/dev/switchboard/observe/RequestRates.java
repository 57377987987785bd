package dev.switchboard.observe;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests and errors per second over the last five minutes, in a ring of one-second buckets, for the status
 * page's rates and its small history chart. An error is a 5xx or a 429: trouble for the operator, not the client.
 */
final class RequestRates {
    static final int SECONDS = 300;

    private final Clock clock;
    private final long[] second = new long[SECONDS];
    private final int[] requests = new int[SECONDS];
    private final int[] errors = new int[SECONDS];

    RequestRates(Clock clock) {
        this.clock = clock;
    }

    /** Totals over a window ending now. */
    record Window(int seconds, long requests, long errors) {}

    /** One point of the history chart: {@code start} in epoch seconds. */
    record Point(long start, long requests, long errors) {}

    synchronized void record(int status) {
        long now = clock.millis() / 1000;
        int i = (int) Math.floorMod(now, (long) SECONDS);
        if (second[i] != now) {
            second[i] = now;
            requests[i] = 0;
            errors[i] = 0;
        }
        requests[i]++;
        if (status >= 500 || status == 429) errors[i]++;
    }

    synchronized Window last(int seconds) {
        long now = clock.millis() / 1000;
        long r = 0, e = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (second[i] > now - seconds && second[i] <= now) {
                r += requests[i];
                e += errors[i];
            }
        }
        return new Window(seconds, r, e);
    }

    /** {@code points} totals of {@code step} seconds each, oldest first, the last one ending now. */
    synchronized List<Point> history(int points, int step) {
        long now = clock.millis() / 1000;
        long first = now - (long) points * step + 1;
        long[] r = new long[points];
        long[] e = new long[points];
        for (int i = 0; i < SECONDS; i++) {
            if (second[i] >= first && second[i] <= now && requests[i] > 0) {
                int p = (int) ((second[i] - first) / step);
                r[p] += requests[i];
                e[p] += errors[i];
            }
        }
        List<Point> out = new ArrayList<>(points);
        for (int p = 0; p < points; p++) out.add(new Point(first + (long) p * step, r[p], e[p]));
        return out;
    }
}
