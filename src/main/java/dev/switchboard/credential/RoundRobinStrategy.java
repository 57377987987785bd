package dev.switchboard.credential;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

final class RoundRobinStrategy implements SelectionStrategy {

    @Override
    public String name() {
        return "round_robin";
    }

    @Override
    public Future<List<Credential>> order(Selection s) {
        return s.store().getAndIncrement("rr:" + s.scope())
                .map(n -> rotate(s.eligible(), Math.floorMod(n, s.eligible().size())));
    }

    /** {@code list} starting at {@code start}, wrapping around. */
    static <T> List<T> rotate(List<T> list, int start) {
        List<T> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) out.add(list.get((start + i) % list.size()));
        return out;
    }

    @Override
    public String toString() {
        return name();
    }
}
