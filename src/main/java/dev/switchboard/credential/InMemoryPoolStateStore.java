package dev.switchboard.credential;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

final class InMemoryPoolStateStore implements PoolStateStore {
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, CredentialState> states = new ConcurrentHashMap<>();
    private final Map<String, WindowCursor> cursors = new ConcurrentHashMap<>();

    @Override
    public Future<Long> getAndIncrement(String counter) {
        return Future.succeededFuture(counters.computeIfAbsent(counter, k -> new AtomicLong()).getAndIncrement());
    }

    @Override
    public Future<Map<String, CredentialState>> read(List<String> keys) {
        Map<String, CredentialState> out = new HashMap<>();
        for (String key : keys) out.put(key, states.getOrDefault(key, CredentialState.initial()));
        return Future.succeededFuture(out);
    }

    @Override
    public Future<Updated> update(String key, UnaryOperator<CredentialState> change) {
        CredentialState[] before = new CredentialState[1];
        try {
            CredentialState after = states.compute(key, (k, current) -> {
                before[0] = current == null ? CredentialState.initial() : current;
                return change.apply(before[0]);
            });
            return Future.succeededFuture(new Updated(before[0], after));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<WindowCursor> updateCursor(String key, UnaryOperator<WindowCursor> change) {
        try {
            return Future.succeededFuture(cursors.compute(key, (k, c) -> change.apply(c == null ? WindowCursor.NONE : c)));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
