package dev.switchboard.credential;

import io.vertx.core.Future;
import java.util.List;

final class FillFirstStrategy implements SelectionStrategy {

    @Override
    public String name() {
        return "fill_first";
    }

    @Override
    public Future<List<Credential>> order(Selection s) {
        return Future.succeededFuture(s.eligible());
    }

    @Override
    public String toString() {
        return name();
    }
}
