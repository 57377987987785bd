package dev.switchboard.credential;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

final class LeastInFlightStrategy implements SelectionStrategy {

    @Override
    public String name() {
        return "least_in_flight";
    }

    @Override
    public Future<List<Credential>> order(Selection s) {
        return s.store().getAndIncrement("lif:" + s.scope()).map(n -> {
            // Counts move while we sort: read each once, or the comparator breaks its contract.
            record Load(Credential credential, int inFlight) {}
            List<Load> loads = new ArrayList<>();
            for (Credential c : RoundRobinStrategy.rotate(s.eligible(), Math.floorMod(n, s.eligible().size()))) {
                loads.add(new Load(c, s.inFlight().applyAsInt(c)));
            }
            loads.sort(Comparator.comparingInt(Load::inFlight)); // stable: ties keep the rotated order
            return loads.stream().map(Load::credential).toList();
        });
    }

    @Override
    public String toString() {
        return name();
    }
}
