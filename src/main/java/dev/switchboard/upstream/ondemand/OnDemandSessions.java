package dev.switchboard.upstream.ondemand;

import dev.switchboard.credential.Credential;
import dev.switchboard.credential.Secrets;
import dev.switchboard.format.ondemand.OnDemandErrors;
import dev.switchboard.format.ondemand.OnDemandSessionBodies;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.upstream.UpstreamClient;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OnDemand chat sessions, one per credential, created on first use ({@code POST /sessions}) and reused.
 * A session is replaced when it has been idle longer than {@code idleTimeout} (measured from its last
 * query; zero means a new session for every query) or when the upstream rejects it ({@link #invalidate}).
 * Concurrent first uses of a credential share one creation. Shared by every event loop: state is guarded
 * by this object's lock, and callers get their result on their own context.
 */
public final class OnDemandSessions {
    private static final Logger log = LoggerFactory.getLogger(OnDemandSessions.class);

    private final UpstreamClient client;
    private final String baseUrl;
    private final String externalUserId;
    private final List<String> pluginIds;
    private final Duration idleTimeout;
    private final Clock clock;
    private final Map<String, Slot> byCredential = new HashMap<>();

    /** A credential's session: ready ({@code id} set) or being created ({@code pending}). */
    private static final class Slot {
        Future<String> pending;
        String id;
        Instant lastUsed;
    }

    public OnDemandSessions(UpstreamClient client, String baseUrl, String externalUserId, List<String> pluginIds,
                            Duration idleTimeout, Clock clock) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.externalUserId = externalUserId;
        this.pluginIds = List.copyOf(pluginIds);
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    /** The session to query with {@code c}: the current one, or a new one. Marks it used now. */
    public Future<String> session(Credential c) {
        Future<String> f;
        synchronized (this) {
            Slot slot = byCredential.computeIfAbsent(c.id(), k -> new Slot());
            Instant now = clock.instant();
            if (slot.id != null && !idleTimeout.isZero() && !now.isAfter(slot.lastUsed.plus(idleTimeout))) {
                slot.lastUsed = now;
                return Future.succeededFuture(slot.id);
            }
            if (slot.id != null) {
                log.info("OnDemand credential {}: session {} idle since {}; starting a new one", c.maskedId(), slot.id,
                        slot.lastUsed);
                slot.id = null;
            }
            if (slot.pending != null && !idleTimeout.isZero()) {
                f = slot.pending;
            } else {
                Future<String> mine = create(c);
                slot.pending = mine;
                f = mine;
                mine.onComplete(ar -> settle(c, mine, ar.succeeded() ? ar.result() : null));
            }
        }
        return onCallerContext(f);
    }

    /** Forgets {@code sessionId} for {@code c} if it is still the current one, so the next query starts afresh. */
    public synchronized void invalidate(Credential c, String sessionId) {
        Slot slot = byCredential.get(c.id());
        if (slot != null && sessionId.equals(slot.id)) {
            log.info("OnDemand credential {}: session {} rejected by the upstream; starting a new one", c.maskedId(), sessionId);
            slot.id = null;
        }
    }

    /** The current session of {@code c}, if any (for tests and the status page). */
    public synchronized Optional<String> current(Credential c) {
        Slot slot = byCredential.get(c.id());
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.id);
    }

    private synchronized void settle(Credential c, Future<String> creation, String id) {
        Slot slot = byCredential.get(c.id());
        if (slot == null || slot.pending != creation) return;
        slot.pending = null;
        if (id != null && !idleTimeout.isZero()) {
            slot.id = id;
            slot.lastUsed = clock.instant();
        }
    }

    private Future<String> create(Credential c) {
        String url = OnDemandProtocol.base(c, baseUrl) + "/sessions";
        Buffer body = OnDemandSessionBodies.create(externalUserId, pluginIds);
        return client.pooled(UpstreamClient.options(url, c.proxy()).setMethod(HttpMethod.POST)
                        .putHeader("apikey", c.secret())
                        .putHeader("content-type", "application/json")
                        .putHeader("accept-encoding", "identity")
                        .setIdleTimeout(client.config().connectTimeout().toMillis() * 3))
                .compose(req -> req.send(body))
                .compose(resp -> resp.body().compose(answer -> {
                    if (resp.statusCode() / 100 != 2) {
                        UpstreamFailure f = OnDemandErrors.parse(resp.statusCode(), answer,
                                OnDemandProtocol.retryAfter(resp.headers(), clock));
                        return Future.failedFuture(redacted(f, c));
                    }
                    try {
                        String id = OnDemandSessionBodies.sessionId(answer);
                        log.debug("OnDemand credential {}: new session {}", c.maskedId(), id);
                        return Future.succeededFuture(id);
                    } catch (GatewayException e) {
                        return Future.failedFuture(UpstreamFailure.of(FailureClass.SERVER_ERROR, ErrorKind.UPSTREAM,
                                e.getMessage()));
                    }
                }));
    }

    private static UpstreamFailure redacted(UpstreamFailure f, Credential c) {
        String msg = Secrets.redact(f.getMessage(), List.of(c.secret()));
        if (msg.equals(f.getMessage())) return f;
        return new UpstreamFailure(f.failureClass(), f.kind(), f.upstreamStatus(), msg, f.retryDelay(), f.quotaIds());
    }

    /** A creation started on one event loop may be awaited on another: hand the result over where it is awaited. */
    private static <T> Future<T> onCallerContext(Future<T> f) {
        Context ctx = Vertx.currentContext();
        if (ctx == null || f.isComplete()) return f;
        Promise<T> p = Promise.promise();
        f.onComplete(ar -> ctx.runOnContext(v -> p.handle(ar)));
        return p.future();
    }
}
