package dev.switchboard.resilience;

import dev.switchboard.model.CallContext;
import dev.switchboard.model.CallObserver;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.ChatStream;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamCall;
import dev.switchboard.model.UpstreamFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.ToIntBiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Race mode: the same request on several credentials at once. Streams: the first racer to reach its commit
 * point (first content) wins and every other racer's upstream connection is aborted at once. Non-streams:
 * all racers run (up to the deadline) and the longest answer wins, ties to the first to finish. Failures are
 * ignored unless every racer fails. Each racer is one attempt of the delegate on its own child context, so
 * racers lease different credentials and their failures feed the pool like any other.
 */
public final class RacingCall implements UpstreamCall {
    private static final Logger log = LoggerFactory.getLogger("dev.switchboard.race");

    private final UpstreamCall attempt;
    private final UpstreamCall single;
    private final RaceSettings settings;
    private final ToIntBiFunction<String, CallContext> eligible;
    private final Timers timers;

    private RacingCall(UpstreamCall attempt, UpstreamCall single, RaceSettings settings,
                       ToIntBiFunction<String, CallContext> eligible, Timers timers) {
        this.attempt = attempt;
        this.single = single;
        this.settings = settings;
        this.eligible = eligible;
        this.timers = timers;
    }

    /**
     * @param attempt  one attempt on one credential (no retries inside)
     * @param single   what to do when only one credential is eligible (usually the retrying call)
     * @param eligible how many credentials could serve (model, context) now
     */
    public static UpstreamCall newDecorator(UpstreamCall attempt, UpstreamCall single, RaceSettings settings,
                                            ToIntBiFunction<String, CallContext> eligible, Timers timers) {
        return new RacingCall(attempt, single, settings, eligible, timers);
    }

    @Override
    public Future<ChatStream> stream(CallContext ctx, ChatRequest request) {
        int n = racers(ctx, request);
        if (n <= 1) return single.stream(ctx, request);
        return new Race<ChatStream>(ctx, n, (c, r) -> attempt.stream(c, request)) {
            @Override
            void onSuccess(Racer<ChatStream> racer, ChatStream stream) {
                if (!decided()) {
                    win(racer, stream);
                } else {
                    stream.cancel();
                }
            }
        }.run();
    }

    @Override
    public Future<ChatResponse> complete(CallContext ctx, ChatRequest request) {
        int n = racers(ctx, request);
        if (n <= 1) return single.complete(ctx, request);
        Race<ChatResponse> race = new Race<ChatResponse>(ctx, n, (c, r) -> attempt.complete(c, request)) {
            @Override
            void onSuccess(Racer<ChatResponse> racer, ChatResponse answer) {
                if (!hedgedOut() && started() < total) {
                    // hedging: the first answered before the others were needed
                    win(racer, answer);
                    return;
                }
                if (allSettled()) pickLongest();
            }

            @Override
            void onDeadline() {
                if (!decided() && anySucceeded()) pickLongest();
            }
        };
        return race.run();
    }

    private int racers(CallContext ctx, ChatRequest request) {
        int available = eligible.applyAsInt(request.model(), ctx);
        int n = Math.min(settings.racers(), available);
        if (n < settings.racers() && settings.racers() > 1) {
            log.info("race [{}]: only {} eligible credential(s) for {}, racing {} instead of {}", ctx.requestId(),
                    available, request.model(), Math.max(n, 1), settings.racers());
        }
        return n;
    }

    /** One racer: its own child context, its outcome and when it came. */
    static final class Racer<T> {
        final int index;
        final CallContext ctx;
        Optional<T> result = Optional.empty();
        Optional<Throwable> failure = Optional.empty();
        long finishedAt;

        Racer(int index, CallContext ctx) {
            this.index = index;
            this.ctx = ctx;
        }

        boolean settled() { return result.isPresent() || failure.isPresent(); }
    }

    /** The bookkeeping shared by both kinds of race. */
    private abstract class Race<T> {
        final CallContext ctx;
        final int total;
        final BiFunction<CallContext, Integer, Future<T>> launch;
        final Promise<T> outcome = Promise.promise();
        final List<Racer<T>> racers = new ArrayList<>();
        final long startNanos = System.nanoTime();
        private long hedgeTimer = -1;
        private long deadlineTimer = -1;
        private boolean hedgedOut;
        /** Set before losers are cancelled: a loser's synchronous failure must not start a second decision. */
        private boolean finished;
        private boolean reported;

        Race(CallContext ctx, int total, BiFunction<CallContext, Integer, Future<T>> launch) {
            this.ctx = ctx;
            this.total = total;
            this.launch = launch;
        }

        abstract void onSuccess(Racer<T> racer, T value);

        void onDeadline() {}

        Future<T> run() {
            ctx.observer().raceStart();
            if (settings.hedgeDelay().isPresent()) {
                start(1);
                hedgeTimer = timers.once(settings.hedgeDelay().get(), this::hedge);
            } else {
                start(total);
                hedgedOut = true;
                logStarted();
            }
            deadlineTimer = timers.once(settings.deadline(), this::deadline);
            ctx.onCancel(() -> finish());
            return outcome.future();
        }

        private void hedge() {
            hedgeTimer = -1;
            if (decided() || hedgedOut) return;
            hedgedOut = true;
            start(total - racers.size());
            logStarted();
        }

        private void logStarted() {
            if (log.isInfoEnabled()) {
                log.info("race [{}] started with {} racers on credentials {}", ctx.requestId(), racers.size(),
                        racers.stream().map(r -> r.ctx.credential().orElse("?")).toList());
            }
        }

        boolean hedgedOut() { return hedgedOut; }

        int started() { return racers.size(); }

        boolean decided() { return finished || outcome.future().isComplete(); }

        boolean allSettled() { return racers.size() == total && racers.stream().allMatch(Racer::settled); }

        boolean anySucceeded() { return racers.stream().anyMatch(r -> r.result.isPresent()); }

        private void start(int count) {
            for (int i = 0; i < count && !decided() && !ctx.cancelled(); i++) {
                Racer<T> r = new Racer<>(racers.size(), ctx.child());
                racers.add(r);
                launch.apply(r.ctx, r.index).onComplete(ar -> {
                    r.finishedAt = System.nanoTime();
                    if (ar.succeeded()) {
                        r.result = Optional.of(ar.result());
                        onSuccess(r, ar.result());
                    } else {
                        r.failure = Optional.of(ar.cause());
                        onFailure(r);
                    }
                });
            }
        }

        private void onFailure(Racer<T> r) {
            if (decided()) return;
            if (!hedgedOut) {
                // the first racer failed before the hedge delay: no point waiting
                hedgedOut = true;
                if (hedgeTimer >= 0) timers.cancel(hedgeTimer);
                start(total - racers.size());
                logStarted();
                return;
            }
            if (!allSettled()) return;
            if (anySucceeded()) {
                pickLongest();
                return;
            }
            fail(mostInformative(racers.stream().flatMap(x -> x.failure.stream()).toList()));
        }

        void win(Racer<T> winner, T value) {
            if (finished) return;
            finished = true;
            winner.ctx.served().ifPresent(ctx::served);
            report(CallObserver.RaceOutcome.WON, (int) racers.stream().filter(r -> r != winner && !r.settled()).count());
            int cancelled = 0;
            for (Racer<T> other : racers) {
                if (other == winner) continue;
                if (!other.settled()) cancelled++;
                other.ctx.cancel();
                if (other.result.isPresent() && other.result.get() instanceof ChatStream s) s.cancel();
            }
            log.info("race [{}]: winner {} after {} ms; cancelled {}", ctx.requestId(),
                    winner.ctx.credential().orElse("?"), (System.nanoTime() - startNanos) / 1_000_000, cancelled);
            clearTimers();
            outcome.tryComplete(value);
        }

        void pickLongest() {
            Racer<T> best = racers.stream().filter(r -> r.result.isPresent())
                    .max(Comparator.<Racer<T>>comparingInt(r -> length(r.result.get()))
                            .thenComparing(Comparator.<Racer<T>>comparingLong(r -> r.finishedAt).reversed()))
                    .orElseThrow();
            win(best, best.result.get());
        }

        private void fail(Throwable t) {
            if (finished) return;
            finished = true;
            clearTimers();
            log.info("race [{}]: all {} racers failed", ctx.requestId(), racers.size());
            report(CallObserver.RaceOutcome.FAILED, 0);
            outcome.tryFail(t);
        }

        private void deadline() {
            deadlineTimer = -1;
            if (decided()) return;
            onDeadline();
            if (!decided()) {
                for (Racer<T> r : racers) if (!r.settled()) r.ctx.cancel();
                if (!anySucceeded()) {
                    fail(UpstreamFailure.of(FailureClass.TIMEOUT, ErrorKind.TIMEOUT,
                            "No racer answered within the race deadline of " + settings.deadline().toMillis() + " ms."));
                }
            }
        }

        private void finish() {
            report(CallObserver.RaceOutcome.ABANDONED, (int) racers.stream().filter(r -> !r.settled()).count());
            clearTimers();
            for (Racer<T> r : racers) r.ctx.cancel();
        }

        /** Tells the observer how the race ended, once: cancelling losers can re-enter {@link #win}. */
        private void report(CallObserver.RaceOutcome how, int cancelled) {
            if (reported || outcome.future().isComplete()) return; // not decided(): win and fail set finished first
            reported = true;
            ctx.observer().raceEnd(how, racers.size(), cancelled);
        }

        private void clearTimers() {
            if (hedgeTimer >= 0) timers.cancel(hedgeTimer);
            if (deadlineTimer >= 0) timers.cancel(deadlineTimer);
            hedgeTimer = -1;
            deadlineTimer = -1;
        }
    }

    private static int length(Object answer) {
        return answer instanceof ChatResponse r ? r.textLength() : 0;
    }

    /** The error that tells the client most: its own mistake, then rate limits with a retry time, then the rest. */
    static Throwable mostInformative(List<Throwable> failures) {
        return failures.stream().max(Comparator.comparingInt(RacingCall::informativeness)).orElseThrow();
    }

    private static int informativeness(Throwable t) {
        if (!(t instanceof UpstreamFailure f)) return t instanceof GatewayException ? 1 : 0;
        return switch (f.failureClass()) {
            case CLIENT_ERROR -> 9;
            case RATE_LIMITED, QUOTA_EXHAUSTED -> f.retryDelay().isPresent() ? 8 : 7;
            case INVALID_CREDENTIAL -> 6;
            case SERVER_ERROR -> 5;
            case EMPTY_ANSWER -> 4;
            case TIMEOUT -> 3;
            case CONNECTION -> 2;
            case NO_CREDENTIAL -> 1;
        };
    }
}
