package dev.switchboard.resilience;

import dev.switchboard.model.CallContext;
import dev.switchboard.model.ChatRequest;
import dev.switchboard.model.ChatResponse;
import dev.switchboard.model.ChatStream;
import dev.switchboard.model.UpstreamCall;
import io.vertx.core.Future;

/**
 * Sends the request on as {@code model} (routing may rename it); the client still sees its own name. Each target
 * starts with every credential untried: one that failed for another model may serve this one (cooldowns and
 * quotas are per model), and other providers' credentials have other ids anyway.
 */
public final class ModelTarget implements UpstreamCall {
    private final UpstreamCall delegate;
    private final String model;

    public ModelTarget(UpstreamCall delegate, String model) {
        this.delegate = delegate;
        this.model = model;
    }

    @Override
    public Future<ChatResponse> complete(CallContext ctx, ChatRequest request) {
        ctx.triedCredentials().clear();
        return delegate.complete(ctx, request.model().equals(model) ? request : request.withModel(model));
    }

    @Override
    public Future<ChatStream> stream(CallContext ctx, ChatRequest request) {
        ctx.triedCredentials().clear();
        return delegate.stream(ctx, request.model().equals(model) ? request : request.withModel(model));
    }
}
