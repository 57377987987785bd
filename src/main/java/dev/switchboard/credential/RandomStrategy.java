package dev.switchboard.credential;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/** Uniform or weighted random order. */
final class RandomStrategy implements SelectionStrategy {
    private final boolean weighted;
    private final Supplier<Random> random;

    RandomStrategy(boolean weighted, Supplier<Random> random) {
        this.weighted = weighted;
        this.random = random;
    }

    @Override
    public String name() {
        return weighted ? "weighted" : "random";
    }

    @Override
    public Future<List<Credential>> order(Selection s) {
        Random r = random.get();
        if (!weighted) {
            List<Credential> out = new ArrayList<>(s.eligible());
            Collections.shuffle(out, r);
            return Future.succeededFuture(out);
        }
        // Efraimidis–Spirakis: sorting by log(u)/w draws a weighted order without replacement; the first is
        // credential i with probability w_i / sum(w).
        record Keyed(Credential credential, double key) {}
        List<Keyed> keyed = new ArrayList<>(s.eligible().size());
        for (Credential c : s.eligible()) {
            double u = 1.0 - r.nextDouble(); // (0, 1]
            keyed.add(new Keyed(c, c.weight() > 0 ? Math.log(u) / c.weight() : Double.NEGATIVE_INFINITY));
        }
        keyed.sort(Comparator.comparingDouble(Keyed::key).reversed());
        return Future.succeededFuture(keyed.stream().map(Keyed::credential).toList());
    }

    @Override
    public String toString() {
        return name();
    }
}
