package dev.switchboard.upstream;

import dev.switchboard.credential.Lease;
import dev.switchboard.format.StreamDecoder;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.UpstreamFailure;
import dev.switchboard.model.WireFormat;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;
import java.util.Optional;

/**
 * What differs between providers on one HTTP exchange: where to send, how to authenticate, and the wire
 * format. {@link HttpUpstream} does the rest (leasing, sending, timeouts, outcomes, streaming).
 */
public interface UpstreamProtocol {

    /** Method, absolute URL and headers (auth included) for one attempt. Async: tokens may need fetching. */
    Future<RequestOptions> prepare(Lease lease, ChatRequest request, boolean stream);

    Buffer encode(ChatRequest request, String upstreamModel);

    ChatResponse decode(Buffer body);

    StreamDecoder streamDecoder();

    /** An error response (status not 2xx) as a failure the pool understands. */
    UpstreamFailure failure(int status, Buffer body, MultiMap headers);

    /**
     * Whether an error response to {@code uri} came from per-credential state this protocol keeps (a session
     * the upstream no longer knows, an expired token) and that it has now reset, so that the same credential
     * may be tried once more. Called before {@link #failure}; the default keeps no such state.
     */
    default boolean resetAfter(Lease lease, String uri, int status, Buffer body) {
        return false;
    }

    /** The wire format whose non-chat methods (countTokens, embeddings) this provider takes as they are, if any. */
    default Optional<WireFormat> forwardFormat() { return Optional.empty(); }

    /** Method, URL and auth for such a method on the lease's model; only called when {@link #forwardFormat} is set. */
    default Future<RequestOptions> prepareForward(Lease lease, String method) {
        return Future.failedFuture(new IllegalStateException(getClass().getSimpleName() + " forwards no methods"));
    }
}
