package dev.switchboard.model;

import io.vertx.core.buffer.Buffer;
import java.util.function.UnaryOperator;

/**
 * Hooks on one client request's way through the gateway, in start/end pairs after OkHttp's EventListener:
 * each upstream attempt from lease to outcome, failovers, races. One implementation feeds metrics and logs.
 * Every method has a no-op default, must be cheap and must not throw. Called on the request's context.
 */
public interface CallObserver {
    CallObserver NONE = new CallObserver() {};

    /** An attempt on one leased credential begins; the returned hooks follow it to its end. */
    default Attempt attemptStart(AttemptInfo info) { return Attempt.NONE; }

    /** A failure is left behind for another try: another credential of the pool, or the next target. */
    default void failover(FailoverScope scope, UpstreamFailure cause) {}

    default void raceStart() {}

    /** A race is over: {@code racers} were started and {@code cancelled} of them were stopped unfinished. */
    default void raceEnd(RaceOutcome outcome, int racers, int cancelled) {}

    /**
     * Who an attempt goes to. {@code redact} hides the attempt's secret in any text (URLs, bodies, messages),
     * for debug logs and error lists.
     */
    record AttemptInfo(String provider, String credential, String upstreamModel, UnaryOperator<String> redact) {}

    enum FailoverScope { CREDENTIAL, TARGET }

    enum RaceOutcome { WON, FAILED, ABANDONED }

    /** One attempt. Ends in exactly one of succeeded, failed or abandoned. */
    interface Attempt {
        Attempt NONE = new Attempt() {};

        /** The request leaves for the upstream: time from here to {@link #responseEnd} is the upstream's. */
        default void requestStart() {}

        /** The encoded request as it goes out, for debug logs. */
        default void requestBody(String url, Buffer body) {}

        /** Upstream bytes as they arrive (a whole answer, or one piece of a stream), for debug logs. */
        default void responseBody(Buffer bytes) {}

        /** The upstream's part is over: answer read, stream committed, or given up. Repeated calls are ignored. */
        default void responseEnd() {}

        /** Token counts the upstream reported; the last report wins. */
        default void usage(Usage usage) {}

        default void succeeded() {}

        default void failed(UpstreamFailure failure) {}

        /** Ended with no verdict on the credential: cancelled, or a failure that says nothing about it. */
        default void abandoned() {}
    }
}
