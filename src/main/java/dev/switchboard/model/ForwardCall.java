package dev.switchboard.model;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * One attempt at a non-chat method: the body goes upstream unchanged and the answer's bytes come back
 * unchanged. Failures are {@link UpstreamFailure}s as for chat, so the same retry and failover rules apply.
 */
public interface ForwardCall {

    /** Whether this upstream speaks {@code format}, and so can take its non-chat methods as they are. */
    boolean forwards(WireFormat format);

    /** The upstream's answer body (a 2xx); anything else fails with a {@link GatewayException}. */
    Future<Buffer> forward(CallContext ctx, ForwardRequest request);
}
