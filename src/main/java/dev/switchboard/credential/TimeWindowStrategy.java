package dev.switchboard.credential;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

final class TimeWindowStrategy implements SelectionStrategy {
    private final Duration window;
    private final int maxRequests;

    TimeWindowStrategy(Duration window, int maxRequests) {
        if (window.isZero() || window.isNegative()) throw new IllegalArgumentException("window must be positive");
        if (maxRequests < 1) throw new IllegalArgumentException("maxRequests must be at least 1");
        this.window = window;
        this.maxRequests = maxRequests;
    }

    @Override
    public String name() {
        return "time_window";
    }

    @Override
    public Future<List<Credential>> order(Selection s) {
        return s.store().updateCursor("tw:" + s.scope(), cursor -> advance(cursor, s))
                .map(cursor -> RoundRobinStrategy.rotate(s.eligible(), indexOf(s.eligible(), cursor.credentialId())));
    }

    private WindowCursor advance(WindowCursor cursor, Selection s) {
        boolean stillEligible = indexOf(s.eligible(), cursor.credentialId()) >= 0
                && !cursor.credentialId().isEmpty();
        if (stillEligible && s.now().isBefore(cursor.startedAt().plus(window)) && cursor.count() < maxRequests) {
            return new WindowCursor(cursor.credentialId(), cursor.startedAt(), cursor.count() + 1);
        }
        return new WindowCursor(nextAfter(cursor.credentialId(), s).id(), s.now(), 1);
    }

    /** The first eligible credential after {@code id} in configuration order, wrapping around. */
    private static Credential nextAfter(String id, Selection s) {
        List<Credential> all = s.candidates();
        int from = indexOf(all, id);
        for (int i = 1; i <= all.size(); i++) {
            Credential c = all.get(Math.floorMod(from + i, all.size()));
            if (indexOf(s.eligible(), c.id()) >= 0) return c;
        }
        return s.eligible().getFirst();
    }

    private static int indexOf(List<Credential> list, String id) {
        for (int i = 0; i < list.size(); i++) if (list.get(i).id().equals(id)) return i;
        return -1;
    }

    @Override
    public String toString() {
        return name() + "(" + window + ", " + maxRequests + ")";
    }
}
