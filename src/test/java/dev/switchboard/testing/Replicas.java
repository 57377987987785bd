package dev.switchboard.testing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several gateways in one JVM, each with its own Vert.x, sharing one Redis (under a key prefix of their own) and
 * one clock: replicas as a load balancer would see them.
 */
public final class Replicas implements AutoCloseable {
    private final List<TestGateway> gateways = new ArrayList<>();

    private Replicas() {}

    /**
     * Starts {@code n} gateways from the same YAML with {@code state:} pointing at {@code redisUrl} under
     * {@code keyPrefix}; {@code stateExtra} is added to that {@code state:} mapping (e.g. {@code probe_interval}).
     */
    public static Replicas start(int n, String redisUrl, String keyPrefix, String stateExtra, String yaml,
                                 Map<String, String> env, Clock clock) {
        String state = "state: {store: redis, redis_url: \"" + redisUrl + "\", key_prefix: " + keyPrefix
                + (stateExtra.isEmpty() ? "" : ", " + stateExtra) + "}\n";
        Replicas r = new Replicas();
        try {
            String rest = yaml.strip().equals("{}") ? "" : yaml;
            for (int i = 0; i < n; i++) r.gateways.add(TestGateway.start(state + rest, env, clock));
        } catch (RuntimeException | Error e) {
            r.close();
            throw e;
        }
        return r;
    }

    public TestGateway get(int i) {
        return gateways.get(i);
    }

    /** Replica {@code i mod n}: for spreading requests as a round-robin load balancer would. */
    public TestGateway turn(int i) {
        return gateways.get(Math.floorMod(i, gateways.size()));
    }

    public int size() {
        return gateways.size();
    }

    @Override
    public void close() {
        for (TestGateway g : gateways) {
            try {
                g.close();
            } catch (RuntimeException | AssertionError e) {
                // close the others regardless
            }
        }
    }
}
