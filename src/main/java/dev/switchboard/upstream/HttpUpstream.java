package dev.switchboard.upstream;

import dev.switchboard.format.Bodies;
import dev.switchboard.format.Headers;
import dev.switchboard.credential.CredentialPool;
import dev.switchboard.credential.Lease;
import dev.switchboard.credential.Secrets;
import dev.switchboard.model.CallContext;
import dev.switchboard.model.CallObserver;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.ChatStream;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.FailureClass;
import dev.switchboard.model.ForwardCall;
import dev.switchboard.model.ForwardRequest;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.UpstreamCall;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.model.WireFormat;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt on one provider: lease a credential the request has not tried yet, send, decode, and report
 * the outcome to the lease. Retries and failover are decorators around this.
 */
public final class HttpUpstream implements UpstreamCall, ForwardCall {
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
        return begin(ctx, request.model()).compose(attempt -> {
            Lease lease = attempt.lease;
            return exchange(attempt, request).transform(ar -> {
                attempt.done();
                if (ar.failed()) return attempt.fail(ar.cause());
                Reply r = ar.result();
                attempt.observer.responseBody(r.body());
                if (r.status() / 100 != 2) return attempt.fail(redact(protocol.failure(r.status(), r.body(), r.headers()), lease));
                ChatResponse answer;
                try {
                    answer = protocol.decode(r.body());
                } catch (UpstreamFailure f) {
                    return attempt.fail(redact(f, lease));
                } catch (GatewayException e) {
                    return attempt.fail(UpstreamFailure.of(FailureClass.SERVER_ERROR, ErrorKind.UPSTREAM, e.getMessage()));
                }
                if (!answer.hasContent() && answer.blockReason().isEmpty()
                        && !UpstreamStream.endsForAReason(answer.choices())) {
                    return attempt.fail(emptyAnswer());
                }
                answer.usage().ifPresent(attempt.observer::usage);
                attempt.tokens = answer.usage().map(u -> (long) u.totalTokens()).orElse(0L);
                attempt.succeed();
                return Future.succeededFuture(answer);
            });
        });
    }

    /** One request and its whole answer; sent once more if the protocol reset stale state after an error. */
    private Future<Reply> exchange(Attempt attempt, ChatRequest request) {
        return send(attempt, request, false)
                .compose(resp -> readBody(resp).map(body -> new Reply(resp, body)))
                .compose(r -> resendsAfter(attempt, r.status(), r.body()) ? exchange(attempt, request)
                        : Future.succeededFuture(r));
    }

    @Override
    public Future<ChatStream> stream(CallContext ctx, ChatRequest request) {
        return begin(ctx, request.model()).compose(attempt -> openStream(attempt, request));
    }

    private Future<ChatStream> openStream(Attempt attempt, ChatRequest request) {
        Lease lease = attempt.lease;
        return send(attempt, request, true).compose(resp -> {
            if (resp.statusCode() / 100 != 2) {
                return readBody(resp).transform(ar -> {
                    if (ar.succeeded() && resendsAfter(attempt, resp.statusCode(), ar.result())) {
                        return openStream(attempt, request);
                    }
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
    }

    /**
     * Whether to send the attempt again on the same credential: once per attempt, when the protocol says the
     * error came from per-credential state it has now reset (an OnDemand session the upstream forgot).
     */
    private boolean resendsAfter(Attempt attempt, int status, Buffer body) {
        if (status / 100 == 2 || attempt.resent || attempt.ctx.cancelled()) return false;
        if (!protocol.resetAfter(attempt.lease, attempt.request.absoluteURI(), status, body)) return false;
        attempt.resent = true;
        attempt.done();
        log.info("{} credential {}: upstream state reset after HTTP {}; sending again", pool.provider(),
                attempt.lease.credential().maskedId(), status);
        return true;
    }

    @Override
    public boolean forwards(WireFormat format) {
        return protocol.forwardFormat().equals(Optional.of(format));
    }

    @Override
    public Future<Buffer> forward(CallContext ctx, ForwardRequest request) {
        if (!forwards(request.format())) {
            return Future.failedFuture(new GatewayException(ErrorKind.NOT_FOUND, "Provider " + pool.provider()
                    + " does not serve " + request.method() + " (it does not speak the " + request.format() + " format)."));
        }
        return begin(ctx, request.model()).compose(attempt -> {
            Lease lease = attempt.lease;
            return send(attempt, protocol.prepareForward(lease, request.method()), false,
                    () -> request.bodyFor(lease.upstreamModel()))
                    .compose(resp -> readBody(resp).map(body -> new Reply(resp, body)))
                    .transform(ar -> {
                        attempt.done();
                        if (ar.failed()) return attempt.fail(ar.cause());
                        Reply r = ar.result();
                        if (r.status() / 100 != 2) return attempt.fail(redact(protocol.failure(r.status(), r.body(), r.headers()), lease));
                        attempt.succeed();
                        return Future.succeededFuture(r.body());
                    });
        });
    }

    /** Leases a credential this request has not tried yet and starts an attempt on it. */
    private Future<Attempt> begin(CallContext ctx, String model) {
        return pool.acquire(model, ctx.triedCredentials()).map(lease -> {
            ctx.triedCredentials().add(lease.credential().id());
            ctx.credential(lease.credential().maskedId());
            return new Attempt(ctx, lease);
        });
    }

    private Future<HttpClientResponse> send(Attempt attempt, ChatRequest request, boolean stream) {
        Lease lease = attempt.lease;
        return send(attempt, protocol.prepare(lease, request, stream), stream,
                () -> protocol.encode(request.stream() == stream ? request : request.withStream(stream),
                        lease.upstreamModel()));
    }

    private Future<HttpClientResponse> send(Attempt attempt, Future<RequestOptions> prepared, boolean stream,
                                            Supplier<Buffer> encode) {
        return prepared.compose(opts -> {
            long idle = (stream ? client.config().streamIdleTimeout() : client.config().responseTimeout()).toMillis();
            opts.setIdleTimeout(idle);
            attempt.observer.requestStart();
            return client.request(opts);
        }).compose(req -> {
            attempt.request = req;
            attempt.ctx.onCancel(attempt.cancelHook);
            Buffer body = encode.get();
            req.putHeader(Headers.CONTENT_LENGTH, String.valueOf(body.length()));
            attempt.observer.requestBody(req.absoluteURI(), body);
            return req.send(body);
        });
    }

    /**
     * The whole answer, at most {@code upstream.max_response_bytes} of it as read (after any decompression):
     * a larger one, announced by its length or found while reading (chunked, or a small compressed body that
     * inflates), fails and the connection is reset, so no answer can fill the heap.
     */
    private Future<Buffer> readBody(HttpClientResponse resp) {
        long max = client.config().maxResponseBytes();
        String len = resp.getHeader("content-length");
        return Bodies.read(resp, max, len == null ? -1 : parseLong(len), () -> tooLarge(max), () -> resp.request().reset());
    }

    private static UpstreamFailure tooLarge(long max) {
        return UpstreamFailure.of(FailureClass.SERVER_ERROR, ErrorKind.UPSTREAM,
                "upstream answer larger than " + max + " bytes");
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
        boolean resent;
        /** Tokens the answer used, as the upstream last reported them. */
        long tokens;
        final Runnable cancelHook = this::cancel;
        final CallObserver.Attempt observer;
        private boolean finished;

        Attempt(CallContext ctx, Lease lease) {
            this.ctx = ctx;
            this.lease = lease;
            List<String> secret = List.of(lease.credential().secret());
            this.observer = ctx.observer().attemptStart(new CallObserver.AttemptInfo(pool.provider(),
                    lease.credential().maskedId(), lease.upstreamModel(), text -> Secrets.redact(text, secret)));
        }

        String provider() { return pool.provider(); }

        void done() {
            ctx.removeCancelHook(cancelHook);
            observer.responseEnd();
        }

        void cancel() {
            if (request != null) request.reset();
            if (!finished) {
                finished = true;
                lease.abandoned();
                observer.responseEnd();
                observer.abandoned();
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
            observer.succeeded();
            ctx.served(new CallContext.Served(pool.provider(), lease.credential().maskedId(), lease.upstreamModel()));
        }

        <T> Future<T> fail(Throwable cause) {
            GatewayException g = TransportFailures.classify(cause, pool.provider());
            if (!finished) {
                finished = true;
                if (ctx.cancelled()) {
                    lease.abandoned();
                    observer.abandoned();
                } else if (g instanceof UpstreamFailure f) {
                    lease.failed(f);
                    observer.failed(f);
                    log.info("attempt failed on {} credential {}: {} ({})", pool.provider(),
                            lease.credential().maskedId(), f.failureClass(), f.getMessage());
                } else {
                    lease.abandoned();
                    observer.abandoned();
                }
            }
            return Future.failedFuture(g);
        }

    }
}
