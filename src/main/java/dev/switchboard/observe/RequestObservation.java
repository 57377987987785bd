package dev.switchboard.observe;

import dev.switchboard.model.CallContext;
import dev.switchboard.model.CallObserver;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.model.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One client request as the operator sees it: timings (total, upstream wait, overhead, first byte), its
 * attempts and their outcomes, failovers, tokens. The inbound side calls the request hooks, the call path the
 * {@link CallObserver} ones; at the end it feeds the metrics, the recent errors and the access log.
 *
 * <p>Overhead is the gateway's own time: from the complete request body to the response headers, less the
 * time during which at least one upstream exchange was under way (overlapping racers count once).
 */
public final class RequestObservation implements CallObserver {
    private final Telemetry telemetry;
    private final String requestId;
    private final String api;
    private final String method;
    private final String path;
    private final long startNanos;
    private long workStartNanos;
    private Optional<CallContext> ctx = Optional.empty();
    private String modelLabel = LabelCap.NONE;
    private final List<AttemptRecord> attempts = new ArrayList<>(2);
    private int failovers;
    private int waiting;
    private long waitStartNanos;
    private long waitedNanos;
    private long overheadNanos = -1;
    private long firstByteNanos = -1;
    private boolean stream;
    private Optional<GatewayException> error = Optional.empty();
    private boolean ended;

    RequestObservation(Telemetry telemetry, String requestId, String api, String method, String path) {
        this.telemetry = telemetry;
        this.requestId = requestId;
        this.api = api;
        this.method = method;
        this.path = path;
        this.startNanos = telemetry.nanoTime();
        this.workStartNanos = startNanos;
    }

    public String requestId() { return requestId; }

    String api() { return api; }

    /** The client's body has arrived: the gateway's own work starts now. */
    public void requestBody(Buffer body) {
        synchronized (this) {
            workStartNanos = telemetry.nanoTime();
        }
        TranslationLog.clientRequest(requestId, method, path, body);
    }

    /** The request was routed and will be served under this context. */
    public synchronized void routed(CallContext c) {
        ctx = Optional.of(c);
        modelLabel = telemetry.metrics().model(c.requestedModel());
    }

    /** The request failed with {@code err} (the client gets it as an error response, or in-band). */
    public synchronized void failed(Throwable err) {
        error = Optional.of(err instanceof GatewayException g ? g : new GatewayException(ErrorKind.INTERNAL, "internal error"));
    }

    /**
     * The response headers go out now ({@code streaming}: a chunked response, whose first byte this is).
     * Returns the gateway's overhead so far in milliseconds, for the {@code x-switchboard-overhead-ms} header.
     */
    public synchronized String headersWritten(boolean streaming) {
        long now = telemetry.nanoTime();
        overheadNanos = overhead(now);
        stream = streaming;
        if (streaming) firstByteNanos = now - startNanos;
        return millis(overheadNanos);
    }

    private long overhead(long now) {
        long waited = waitedNanos + (waiting > 0 ? now - waitStartNanos : 0);
        return Math.max(0, now - workStartNanos - waited);
    }

    /** The response is over: sent whole ({@code clientClosed} false) or cut short by the client leaving. */
    public void end(int httpStatus, boolean clientClosed) {
        Summary s;
        synchronized (this) {
            if (ended) return;
            ended = true;
            long now = telemetry.nanoTime();
            if (overheadNanos < 0) overheadNanos = overhead(now);
            s = summary(clientClosed ? 499 : httpStatus, now - startNanos);
        }
        telemetry.requestEnded(this, s);
    }

    /** What the end of a request reports; {@code attempt} is the one that served it, or else the last. */
    record Summary(int status, long totalNanos, long overheadNanos, long firstByteNanos, boolean stream,
                   String modelLabel, Optional<String> requestedModel, Optional<AttemptRecord> attempt,
                   int attempts, int failovers, boolean anyAttemptFailed, Optional<GatewayException> error) {}

    private Summary summary(int status, long total) {
        // Plain loops: this runs once per request, and a stream pipeline per call showed in its profile.
        CallContext.Served served = ctx.isPresent() ? ctx.get().served().orElse(null) : null;
        AttemptRecord chosen = null;
        boolean anyFailed = false;
        for (AttemptRecord a : attempts) {
            anyFailed |= a.failure.isPresent();
            if (served != null && a.info.provider().equals(served.provider())
                    && a.info.credential().equals(served.credential())) chosen = a;
        }
        if (chosen == null && !attempts.isEmpty()) chosen = attempts.getLast();
        return new Summary(status, total, overheadNanos, firstByteNanos, stream, modelLabel,
                ctx.map(CallContext::requestedModel), Optional.ofNullable(chosen), attempts.size(), failovers,
                anyFailed, error);
    }

    Map<String, Object> accessFields(Summary s) {
        Map<String, Object> f = AccessLog.fields();
        f.put("request_id", requestId);
        f.put("api", api);
        f.put("method", method);
        f.put("path", path);
        f.put("status", s.status());
        f.put("duration_ms", millis(s.totalNanos()));
        f.put("model", s.requestedModel().orElse("-"));
        f.put("provider", s.attempt().map(a -> a.info.provider()).orElse("-"));
        f.put("credential", s.attempt().map(a -> a.info.credential()).orElse("-"));
        f.put("upstream_model", s.attempt().map(a -> a.info.upstreamModel()).orElse("-"));
        f.put("stream", s.stream());
        f.put("attempts", s.attempts());
        f.put("failovers", s.failovers());
        Optional<Usage> usage = s.attempt().flatMap(a -> a.usage);
        if (usage.isPresent()) {
            f.put("tokens_in", usage.get().promptTokens());
            f.put("tokens_out", usage.get().completionTokens());
        }
        f.put("overhead_ms", millis(s.overheadNanos()));
        if (s.firstByteNanos() >= 0) f.put("ttft_ms", millis(s.firstByteNanos()));
        Optional<String> err = s.error().map(Throwable::getMessage)
                .or(() -> s.attempt().flatMap(a -> a.failure).map(x -> x.failureClass() + ": " + x.getMessage()));
        err.ifPresent(e -> f.put("error", e.length() > 300 ? e.substring(0, 300) + "…" : e));
        return f;
    }

    /** Milliseconds with three decimals, rounded half up (String.format costs microseconds per call). */
    static String millis(long nanos) {
        if (nanos < 0) return "-" + millis(-nanos);
        long micros = (nanos + 500) / 1000;
        long frac = micros % 1000;
        StringBuilder b = new StringBuilder(12).append(micros / 1000).append('.');
        if (frac < 100) b.append('0');
        if (frac < 10) b.append('0');
        return b.append(frac).toString();
    }

    // ---- CallObserver: the call path's hooks ----

    @Override
    public Attempt attemptStart(AttemptInfo info) {
        AttemptRecord a = new AttemptRecord(info);
        synchronized (this) {
            attempts.add(a);
        }
        return a;
    }

    @Override
    public void failover(FailoverScope scope, UpstreamFailure cause) {
        synchronized (this) {
            failovers++;
        }
        telemetry.metrics().failover(lower(scope), cause == null ? "unknown" : lower(cause.failureClass()));
    }

    @Override
    public void raceStart() {
        telemetry.metrics().raceStarted();
    }

    @Override
    public void raceEnd(RaceOutcome outcome, int racers, int cancelled) {
        telemetry.metrics().raceEnded(lower(outcome), racers, cancelled);
    }

    private synchronized void waitBegins(long now) {
        if (waiting++ == 0) waitStartNanos = now;
    }

    private synchronized void waitEnds(long now) {
        if (--waiting == 0) waitedNanos += now - waitStartNanos;
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** One upstream attempt of this request. */
    final class AttemptRecord implements Attempt {
        final AttemptInfo info;
        Optional<Usage> usage = Optional.empty();
        Optional<UpstreamFailure> failure = Optional.empty();
        private long sentAt = -1;
        private long upstreamNanos = -1;
        private boolean waitingNow;
        private boolean over;

        AttemptRecord(AttemptInfo info) {
            this.info = info;
        }

        @Override
        public void requestStart() {
            long now = telemetry.nanoTime();
            synchronized (RequestObservation.this) {
                if (waitingNow || over) return;
                waitingNow = true;
                sentAt = now;
                waitBegins(now);
            }
        }

        @Override
        public void requestBody(String url, Buffer body) {
            TranslationLog.upstreamRequest(requestId, info.credential(), url, body, info.redact());
        }

        @Override
        public void responseBody(Buffer bytes) {
            TranslationLog.upstreamResponse(requestId, info.credential(), bytes, info.redact());
        }

        @Override
        public void responseEnd() {
            long now = telemetry.nanoTime();
            synchronized (RequestObservation.this) {
                if (!waitingNow) return;
                waitingNow = false;
                upstreamNanos = Math.max(upstreamNanos, 0) + (now - sentAt);
                waitEnds(now);
            }
        }

        @Override
        public void usage(Usage u) {
            synchronized (RequestObservation.this) {
                usage = Optional.of(u);
            }
        }

        @Override
        public void succeeded() { end("success", Optional.empty()); }

        @Override
        public void failed(UpstreamFailure f) { end(lower(f.failureClass()), Optional.of(f)); }

        @Override
        public void abandoned() { end("abandoned", Optional.empty()); }

        private void end(String outcome, Optional<UpstreamFailure> f) {
            responseEnd();
            synchronized (RequestObservation.this) {
                if (over) return;
                over = true;
                failure = f;
            }
            telemetry.attemptEnded(requestId, modelLabel(), info, outcome, upstreamNanos, usage, f);
        }
    }

    private synchronized String modelLabel() { return modelLabel; }
}
