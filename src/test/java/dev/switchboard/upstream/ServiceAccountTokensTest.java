package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.config.UpstreamConfig;
import dev.switchboard.credential.Credential;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.ServiceAccounts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token exchange against a fake token endpoint, with a clock the test moves. */
class ServiceAccountTokensTest {
    static final KeyPair KP = ServiceAccounts.keyPair(0);
    static final String EMAIL = "bot@proj-1.iam.gserviceaccount.com";

    Vertx vertx;
    FakeUpstream google;
    UpstreamClient client;
    MutableClock clock = MutableClock.at("2025-06-01T12:00:00Z");
    Credential sa;
    ServiceAccountTokens tokens;
    AtomicInteger issued = new AtomicInteger();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        google = FakeUpstream.start(vertx);
        client = new UpstreamClient(vertx, new UpstreamConfig(Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(5), 16, 1 << 20, List.of(), false));
        String json = ServiceAccounts.keyJson(KP, EMAIL, "proj-1", google.baseUrl() + "/token");
        sa = new Credential("vertex:" + EMAIL, "vertex", json, Optional.empty(), Optional.empty(), List.of(), List.of(), 1, false);
        tokens = new ServiceAccountTokens(client, List.of(sa), clock);
    }

    @AfterEach
    void stop() {
        client.close();
        google.close();
        await(vertx.close());
    }

    void issueTokens(Duration delay) {
        google.dispatcher(rec -> Reply.json(200, ServiceAccounts.tokenAnswer("ya29.token-" + issued.incrementAndGet(), 3599))
                .delayed(delay));
    }

    @Test
    void exchangesASignedJwtForAnAccessToken() {
        issueTokens(Duration.ZERO);

        assertThat(token(tokens, sa)).isEqualTo("ya29.token-1");

        FakeUpstream.Recorded r = google.takeRequest();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/token");
        assertThat(r.header("content-type")).isEqualTo("application/x-www-form-urlencoded");
        Map<String, String> form = ServiceAccounts.form(r.body());
        assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        String jwt = form.get("assertion");
        assertThat(ServiceAccounts.verifies(jwt, KP.getPublic())).isTrue();
        JsonNode header = ServiceAccounts.jwtPart(jwt, 0);
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("kid").asText()).isEqualTo(ServiceAccounts.keyId(EMAIL));
        JsonNode claims = ServiceAccounts.jwtPart(jwt, 1);
        assertThat(claims.path("iss").asText()).isEqualTo(EMAIL);
        assertThat(claims.path("aud").asText()).isEqualTo(google.baseUrl() + "/token");
        assertThat(claims.path("scope").asText()).isEqualTo(ServiceAccountTokens.SCOPE);
        assertThat(claims.path("iat").asLong()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(3600);
    }

    @Test
    void tokenIsReusedUntilFiveMinutesBeforeItExpires() {
        issueTokens(Duration.ZERO);
        assertThat(token(tokens, sa)).isEqualTo("ya29.token-1");

        clock.advance(Duration.ofMinutes(54));
        assertThat(token(tokens, sa)).isEqualTo("ya29.token-1");
        assertThat(google.requestCount()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(token(tokens, sa)).isEqualTo("ya29.token-2");
        assertThat(token(tokens, sa)).isEqualTo("ya29.token-2");
        assertThat(google.requestCount()).isEqualTo(2);
    }

    @Test
    void concurrentCallersShareOneRefresh() throws Exception {
        issueTokens(Duration.ZERO);
        token(tokens, sa);
        clock.advance(Duration.ofHours(2));
        issueTokens(Duration.ofMillis(300));

        int n = 24;
        List<CompletableFuture<String>> answers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            answers.add(answer);
            threads.add(Thread.ofPlatform().unstarted(() -> {
                Context ctx = vertx.getOrCreateContext();
                ctx.runOnContext(v -> tokens.token(sa).onComplete(ar -> complete(answer,
                        Vertx.currentContext() == ctx ? ar.result() : "wrong context", ar.cause())));
            }));
        }
        threads.forEach(Thread::start);
        for (CompletableFuture<String> a : answers) assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("ya29.token-2");
        assertThat(google.requestCount()).isEqualTo(2);
    }

    @Test
    void revokedKeyIsAnInvalidCredentialAndServerErrorsAreRetryable() {
        google.enqueue(Reply.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}"));
        UpstreamFailure invalid = failure(onContext(() -> tokens.token(sa)));
        assertThat(invalid.failureClass()).isEqualTo(FailureClass.INVALID_CREDENTIAL);
        assertThat(invalid.upstreamStatus()).isEqualTo(400);
        assertThat(invalid.getMessage()).contains("invalid_grant").contains("Invalid JWT Signature.")
                .doesNotContain("PRIVATE KEY").doesNotContain(sa.secret().substring(200, 240));

        google.enqueue(Reply.json(401, "{\"error\":\"invalid_client\"}"));
        assertThat(failure(onContext(() -> tokens.token(sa))).failureClass()).isEqualTo(FailureClass.INVALID_CREDENTIAL);

        google.enqueue(Reply.json(503, "<html>unavailable</html>"));
        UpstreamFailure unavailable = failure(onContext(() -> tokens.token(sa)));
        assertThat(unavailable.failureClass()).isEqualTo(FailureClass.SERVER_ERROR);
        assertThat(unavailable.retryable()).isTrue();

        google.enqueue(Reply.json(200, ServiceAccounts.tokenAnswer("ya29.after", 3600)));
        assertThat(token(tokens, sa)).isEqualTo("ya29.after");
    }

    @Test
    void unreachableTokenEndpointIsAConnectionFailure() {
        String json = ServiceAccounts.keyJson(KP, EMAIL, "proj-1", "http://127.0.0.1:1/token");
        Credential c = new Credential("x", "vertex", json, Optional.empty(), Optional.empty(), List.of(), List.of(), 1, false);
        UpstreamFailure f = failure(onContext(() -> new ServiceAccountTokens(client, List.of(c), clock).token(c)));
        assertThat(f.failureClass()).isEqualTo(FailureClass.CONNECTION);
        assertThat(f.getMessage()).contains("token endpoint");
    }

    @Test
    void failedRefreshKeepsUsingTheOldTokenWhileItIsStillValid() {
        issueTokens(Duration.ZERO);
        token(tokens, sa);
        clock.advance(Duration.ofMinutes(57));
        google.dispatcher(rec -> Reply.json(500, "{\"error\":\"internal_failure\"}"));

        assertThat(token(tokens, sa)).isEqualTo("ya29.token-1");

        clock.advance(Duration.ofMinutes(3));
        assertThat(failure(onContext(() -> tokens.token(sa))).failureClass()).isEqualTo(FailureClass.SERVER_ERROR);
    }

    /** Runs {@code call} on a Vert.x context, as the gateway's requests do. */
    <T> Future<T> onContext(java.util.function.Supplier<Future<T>> call) {
        io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> call.get().onComplete(p));
        return p.future();
    }

    String token(ServiceAccountTokens t, Credential c) {
        return await(onContext(() -> t.token(c)));
    }

    static void complete(CompletableFuture<String> f, String value, Throwable err) {
        if (err != null) f.completeExceptionally(err);
        else f.complete(value);
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static UpstreamFailure failure(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(UpstreamFailure.class);
            return (UpstreamFailure) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }
}
