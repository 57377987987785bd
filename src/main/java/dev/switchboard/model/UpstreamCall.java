package dev.switchboard.model;

import io.vertx.core.Future;

/**
 * The one interface on the request path: answer a canonical request, whole or as a stream. Pool access,
 * retries, failover across models and races are decorators around it.
 */
public interface UpstreamCall {

    /** A complete answer. Fails with a {@link GatewayException} (an {@link UpstreamFailure} for upstream errors). */
    Future<ChatResponse> complete(CallContext ctx, ChatRequest request);

    /**
     * A stream that has reached its commit point: the upstream has produced content (or finished with a
     * block reason). Failures and empty answers before that point fail the future, so a decorator may still
     * try elsewhere; after it, failures arrive in-band as {@link ChatStream.End.Failed}.
     */
    Future<ChatStream> stream(CallContext ctx, ChatRequest request);
}
