package dev.switchboard.credential;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

/**
 * How a pool orders the credentials that may take a request. The pool tries them in the returned order: the
 * first is the pick, the rest are where it goes if the first is lost to a concurrent caller (a single probe slot).
 */
public interface SelectionStrategy {

    /** What {@code named("time_window")} uses. */
    Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    int DEFAULT_WINDOW_REQUESTS = 100;

    /** The config name, as {@link #named} accepts it. */
    String name();

    /** {@code selection.eligible()} in order of preference; never called with an empty eligible list. */
    Future<List<Credential>> order(Selection selection);

    /**
     * One request's choice.
     *
     * @param scope      names the shared cursor: one per provider and model, so that requests for different
     *                   models do not steal each other's turns
     * @param candidates every enabled credential serving the model, in configuration order, healthy or not
     * @param eligible   those that may take this request now, in configuration order
     * @param inFlight   requests now in flight on a credential, in this process
     */
    record Selection(String scope, List<Credential> candidates, List<Credential> eligible, Instant now,
                     PoolStateStore store, ToIntFunction<Credential> inFlight) {
        public Selection {
            candidates = List.copyOf(candidates);
            eligible = List.copyOf(eligible);
        }
    }

    /** A strict cycle over the eligible credentials, by one shared cursor per model: the default. */
    static SelectionStrategy roundRobin() {
        return new RoundRobinStrategy();
    }

    /**
     * Stays on one credential for {@code window} or {@code maxRequests} requests, whichever ends first, then moves
     * on to the next in configuration order; moves on at once if it stops being eligible.
     */
    static SelectionStrategy timeWindow(Duration window, int maxRequests) {
        return new TimeWindowStrategy(window, maxRequests);
    }

    /** The first eligible credential in configuration order: spends one key before touching the next. */
    static SelectionStrategy fillFirst() {
        return new FillFirstStrategy();
    }

    static SelectionStrategy random() {
        return new RandomStrategy(false, () -> ThreadLocalRandom.current());
    }

    /** Random with a given source, for reproducible tests. */
    static SelectionStrategy random(Random source) {
        return new RandomStrategy(false, () -> source);
    }

    /** Random in proportion to {@link Credential#weight()}; weight 0 only when nothing else is eligible. */
    static SelectionStrategy weighted() {
        return new RandomStrategy(true, () -> ThreadLocalRandom.current());
    }

    static SelectionStrategy weighted(Random source) {
        return new RandomStrategy(true, () -> source);
    }

    /** Fewest requests in flight first; ties go round-robin so that an idle pool still spreads its load. */
    static SelectionStrategy leastInFlight() {
        return new LeastInFlightStrategy();
    }

    /**
     * The strategy for a config name: {@code round_robin}, {@code time_window} (5 min or 100 requests),
     * {@code fill_first}, {@code random}, {@code weighted}, {@code least_in_flight}. Case and {@code -} vs {@code _}
     * do not matter.
     */
    static SelectionStrategy named(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "round_robin" -> roundRobin();
            case "time_window" -> timeWindow(DEFAULT_WINDOW, DEFAULT_WINDOW_REQUESTS);
            case "fill_first" -> fillFirst();
            case "random" -> random();
            case "weighted" -> weighted();
            case "least_in_flight" -> leastInFlight();
            default -> throw new IllegalArgumentException("unknown selection strategy '" + name
                    + "'; expected one of round_robin, time_window, fill_first, random, weighted, least_in_flight");
        };
    }
}
