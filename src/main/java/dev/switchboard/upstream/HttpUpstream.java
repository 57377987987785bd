package dev.switchboard.upstream;

import dev.switchboard.credential.CredentialPool;
import dev.switchboard.credential.Lease;
import dev.switchboard.credential.Secrets;
import dev.switchboard.model.CallContext;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt on one provider: lease a credential the request has not tried yet, send, decode, and report
 * the outcome to the lease. Retries and failover are decorators around this.
 */
public final class HttpUpstream implements UpstreamCall {
    private static final Logger log = LoggerFactory.getLogger(HttpUpstream.class);

    private final CredentialPool pool;
    private final UpstreamProtocol protocol;
    private final UpstreamClient client;

    public HttpUpstream(CredentialPool pool, UpstreamProtocol protocol, UpstreamClient client) {
        this.pool = pool;
        this.protocol = protocol;
        this.client = client;
    }

    public CredentialPool pool() { return pool; }

    @Override
    public Future<ChatResponse> complete(CallContext ctx, ChatRequest request) {
        return pool.acquire(request.model(), ctx.triedCredentials()).compose(lease -> {
            ctx.triedCredentials().add(lease.credential().id());
            ctx.credential(lease.credential().maskedId());
            Attempt attempt = new Attempt(ctx, lease);
            return send(attempt, request, false)
                    .compose(resp -> readBody(resp).map(body -> new Reply(resp, body)))
                    .transform(ar -> {
                        attempt.done();
                        if (ar.failed()) return attempt.fail(ar.cause());
                        Reply r = ar.result();
                        if (r.status() / 100 != 2) return attempt.fail(redact(protocol.failure(r.status(), r.body(), r.headers()), lease));
                        ChatResponse answer;
                        try {
                            answer = protocol.decode(r.body());
                        } catch (GatewayException e) {
                            return attempt.fail(UpstreamFailure.of(FailureClass.SERVER_ERROR, ErrorKind.UPSTREAM, e.getMessage()));
                        }
                        if (!answer.hasContent() && answer.blockReason().isEmpty()) {
                            return attempt.fail(emptyAnswer());
                        }
                        attempt.tokens = answer.usage().map(u -> (long) u.totalTokens()).orElse(0L);
                        attempt.succeed();
                        return Future.succeededFuture(answer);
                    });
        });
    }

    @Override
    public Future<ChatStream> stream(CallContext ctx, ChatRequest request) {
        return pool.acquire(request.model(), ctx.triedCredentials()).compose(lease -> {
            ctx.triedCredentials().add(lease.credential().id());
            ctx.credential(lease.credential().maskedId());
            Attempt attempt = new Attempt(ctx, lease);
            return send(attempt, request, true).compose(resp -> {
                if (resp.statusCode() / 100 != 2) {
                    return readBody(resp).transform(ar -> {
                        attempt.done();
                        if (ar.failed()) return attempt.fail(ar.cause());
                        return attempt.fail(redact(protocol.failure(resp.statusCode(), ar.result(), resp.headers()), lease));
                    });
                }
                Promise<ChatStream> committed = Promise.promise();
                new UpstreamStream(attempt, resp, protocol.streamDecoder(), committed, client.vertx(),
                        client.config().streamIdleTimeout());
                return committed.future();
            }, err -> {
                attempt.done();
                return attempt.fail(err);
            });
        });
    }

    private Future<HttpClientResponse> send(Attempt attempt, ChatRequest request, boolean stream) {
        Lease lease = attempt.lease;
        return protocol.prepare(lease, request, stream).compose(opts -> {
            long idle = (stream ? client.config().streamIdleTimeout() : client.config().responseTimeout()).toMillis();
            opts.setIdleTimeout(idle);
            return client.http().request(opts);
        }).compose(req -> {
            attempt.request = req;
            attempt.ctx.onCancel(attempt.cancelHook);
            Buffer body = protocol.encode(request, lease.upstreamModel());
            req.putHeader("content-length", String.valueOf(body.length()));
            return req.send(body);
        });
    }

    private Future<Buffer> readBody(HttpClientResponse resp) {
        long max = client.config().maxResponseBytes();
        String len = resp.getHeader("content-length");
        if (len != null && parseLong(len) > max) {
            resp.request().reset();
            return Future.failedFuture(UpstreamFailure.of(FailureClass.SERVER_ERROR, ErrorKind.UPSTREAM,
                    "upstream answer larger than " + max + " bytes"));
        }
        return resp.body();
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private GatewayException redact(UpstreamFailure f, Lease lease) {
        String msg = Secrets.redact(f.getMessage(), List.of(lease.credential().secret()));
        if (msg.equals(f.getMessage())) return f;
        return new UpstreamFailure(f.failureClass(), f.kind(), f.upstreamStatus(), msg, f.retryDelay(), f.quotaIds());
    }

    static UpstreamFailure emptyAnswer() {
        return UpstreamFailure.of(FailureClass.EMPTY_ANSWER, ErrorKind.UPSTREAM,
                "upstream returned an empty answer (no content and no block reason)");
    }

    private record Reply(int status, Buffer body, io.vertx.core.MultiMap headers) {
        Reply(HttpClientResponse r, Buffer body) {
            this(r.statusCode(), body, r.headers());
        }
    }

    /** Bookkeeping of one attempt: its lease, its HTTP request, its cancel hook. */
    final class Attempt {
        final CallContext ctx;
        final Lease lease;
        HttpClientRequest request;
        /** Tokens the answer used, as the upstream last reported them. */
        long tokens;
        final Runnable cancelHook = this::cancel;
        private boolean finished;

        Attempt(CallContext ctx, Lease lease) {
            this.ctx = ctx;
            this.lease = lease;
        }

        String provider() { return pool.provider(); }

        void done() {
            ctx.removeCancelHook(cancelHook);
        }

        void cancel() {
            if (request != null) request.reset();
            if (!finished) {
                finished = true;
                lease.abandoned();
            }
        }

        void succeed() {
            if (finished) return;
            finished = true;
            if (tokens > 0) {
                lease.tokensUsed(tokens);
                ctx.tokensUsed(tokens);
            }
            lease.succeeded();
            ctx.served(new CallContext.Served(pool.provider(), lease.credential().maskedId(), lease.upstreamModel()));
        }

        <T> Future<T> fail(Throwable cause) {
            GatewayException g = TransportFailures.classify(cause, pool.provider());
            if (!finished) {
                finished = true;
                if (ctx.cancelled()) {
                    lease.abandoned();
                } else if (g instanceof UpstreamFailure f) {
                    lease.failed(f);
                    log.info("attempt failed on {} credential {}: {} ({})", pool.provider(),
                            lease.credential().maskedId(), f.failureClass(), f.getMessage());
                } else {
                    lease.abandoned();
                }
            }
            return Future.failedFuture(g);
        }

    }
}
