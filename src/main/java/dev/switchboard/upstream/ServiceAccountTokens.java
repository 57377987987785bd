package dev.switchboard.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.switchboard.format.Json;
import dev.switchboard.credential.Credential;
import dev.switchboard.credential.ServiceAccountKey;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens for service-account credentials: a signed JWT exchanged at the key's {@code token_uri}
 * (through the credential's proxy), cached per credential and refreshed {@link #REFRESH_MARGIN} before it
 * expires. At most one exchange per credential is in flight; concurrent callers share it. Thread-safe: every
 * event loop of the gateway calls in, and each caller continues on its own context. Call it from a Vert.x
 * context (as request handling does): off one, the HTTP client's continuations race with the response body.
 */
public final class ServiceAccountTokens {
    public static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private final UpstreamClient client;
    private final Clock clock;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    /** Parses every credential's key now, so that a bad key fails start-up rather than a request. */
    public ServiceAccountTokens(UpstreamClient client, List<Credential> credentials, Clock clock) {
        this.client = client;
        this.clock = clock;
        for (Credential c : credentials) slots.put(c.id(), new Slot(ServiceAccountKey.parse(c.secret())));
    }

    /** The parsed key of {@code c}, one of the credentials this was built with. */
    public ServiceAccountKey key(Credential c) {
        return slot(c).key;
    }

    /** A valid access token for {@code c}: the cached one, or a fresh one shared by everyone who asks meanwhile. */
    public Future<String> token(Credential c) {
        Slot slot = slot(c);
        Instant now = clock.instant();
        Future<AccessToken> shared;
        AccessToken previous;
        synchronized (slot) {
            previous = slot.current;
            if (previous != null && now.isBefore(previous.refreshAt())) return Future.succeededFuture(previous.value());
            if (slot.inFlight == null) {
                Future<AccessToken> f = exchange(slot.key, c);
                slot.inFlight = f;
                f.onComplete(ar -> slot.settle(f, ar.succeeded() ? ar.result() : null));
            }
            shared = slot.inFlight;
        }
        Future<String> fresh = shared.map(AccessToken::value).recover(err -> {
            // The old token still works for a while: a failing token endpoint need not fail requests yet.
            if (previous != null && clock.instant().isBefore(previous.expiresAt())) return Future.succeededFuture(previous.value());
            return Future.failedFuture(err);
        });
        return onCallerContext(fresh);
    }

    private Slot slot(Credential c) {
        Slot s = slots.get(c.id());
        if (s == null) throw new IllegalArgumentException("no service account key for credential " + c.maskedId());
        return s;
    }

    private Future<AccessToken> exchange(ServiceAccountKey key, Credential c) {
        Instant issuedAt = clock.instant();
        String assertion;
        try {
            assertion = JwtAssertion.sign(key, SCOPE, issuedAt);
        } catch (GeneralSecurityException e) {
            return Future.failedFuture(failure(FailureClass.INVALID_CREDENTIAL, ErrorKind.UPSTREAM, 0,
                    "the service account's key cannot sign (" + e.getClass().getSimpleName() + ")"));
        }
        Buffer form = Buffer.buffer("grant_type=" + GRANT_TYPE.replace(":", "%3A") + "&assertion=" + assertion);
        RequestOptions opts = UpstreamClient.options(key.tokenUri(), c.proxy())
                .setMethod(HttpMethod.POST)
                .putHeader("content-type", "application/x-www-form-urlencoded")
                .putHeader("accept", "application/json")
                .putHeader("content-length", String.valueOf(form.length()))
                .setIdleTimeout(client.config().connectTimeout().toMillis() * 3);
        return client.pooled(opts)
                .compose(req -> req.send(form))
                .compose(resp -> resp.body().compose(body -> answer(resp.statusCode(), body, issuedAt)))
                .recover(err -> Future.failedFuture(transportFailure(err)));
    }

    private static Future<AccessToken> answer(int status, Buffer body, Instant issuedAt) {
        JsonNode json;
        try {
            json = Json.readTree(body);
        } catch (IOException e) {
            json = MissingNode.getInstance();
        }
        if (status != 200) return Future.failedFuture(tokenError(status, json));
        String token = json.path("access_token").asText("");
        if (token.isEmpty()) {
            return Future.failedFuture(failure(FailureClass.SERVER_ERROR, ErrorKind.UPSTREAM, status,
                    "the token endpoint answered without an access_token"));
        }
        long seconds = json.path("expires_in").asLong(3600);
        Instant expiresAt = issuedAt.plusSeconds(seconds);
        Duration margin = REFRESH_MARGIN.compareTo(Duration.ofSeconds(seconds / 2)) < 0
                ? REFRESH_MARGIN : Duration.ofSeconds(seconds / 2);
        return Future.succeededFuture(new AccessToken(token, expiresAt.minus(margin), expiresAt));
    }

    /** 400 invalid_grant, 401, 403: the key is revoked, deleted or wrong; 429 and 5xx pass. */
    static UpstreamFailure tokenError(int status, JsonNode json) {
        String error = json.path("error").asText("");
        String description = json.path("error_description").asText("");
        String detail = "HTTP " + status + (error.isEmpty() ? "" : " " + error)
                + (description.isEmpty() ? "" : " (" + abbreviate(description) + ")");
        String message = "the service account could not get an access token: " + detail;
        if (status == 429) return failure(FailureClass.RATE_LIMITED, ErrorKind.RATE_LIMITED, status, message);
        if (status >= 500) return failure(FailureClass.SERVER_ERROR, ErrorKind.UPSTREAM, status, message);
        return failure(FailureClass.INVALID_CREDENTIAL, ErrorKind.UPSTREAM, status, message);
    }

    private static GatewayException transportFailure(Throwable err) {
        if (err instanceof GatewayException g) return g;
        GatewayException g = TransportFailures.classify(err, "token endpoint");
        if (!(g instanceof UpstreamFailure f)) return g;
        String detail = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
        return failure(f.failureClass(), f.kind(), 0, "could not reach the service account's token endpoint (" + detail + ")");
    }

    private static UpstreamFailure failure(FailureClass fc, ErrorKind kind, int status, String message) {
        return new UpstreamFailure(fc, kind, status, message, Optional.empty(), List.of());
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    /** Delivers {@code f}'s outcome on the caller's context, not on the one that happened to fetch the token. */
    private static <T> Future<T> onCallerContext(Future<T> f) {
        Context caller = Vertx.currentContext();
        if (caller == null || f.isComplete()) return f;
        Promise<T> p = Promise.promise();
        f.onComplete(ar -> {
            if (Vertx.currentContext() == caller) p.handle(ar);
            else caller.runOnContext(v -> p.handle(ar));
        });
        return p.future();
    }

    private record AccessToken(String value, Instant refreshAt, Instant expiresAt) {
        @Override
        public String toString() {
            return "AccessToken[expires " + expiresAt + "]";
        }
    }

    /** One credential's key, its cached token and the exchange in flight, if any. Guarded by itself. */
    private static final class Slot {
        final ServiceAccountKey key;
        AccessToken current;
        Future<AccessToken> inFlight;

        Slot(ServiceAccountKey key) {
            this.key = key;
        }

        synchronized void settle(Future<AccessToken> exchange, AccessToken fresh) {
            if (inFlight == exchange) inFlight = null;
            if (fresh != null) current = fresh;
        }
    }
}
