package dev.switchboard.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Per-request state shared by the decorators of one client request: who asked, what was tried, who served
 * it, and cancellation. Not thread-safe: used on the request's event-loop context.
 */
public final class CallContext {
    private final String requestId;
    private final WireFormat inbound;
    private final String requestedModel;
    private final long startNanos;
    private final List<String> clientKeys;
    private final Set<String> triedCredentials;
    private final List<Runnable> cancelHooks = new ArrayList<>(2);
    private boolean cancelled;
    private Optional<Served> served = Optional.empty();
    private Optional<String> credential = Optional.empty();
    private CallObserver observer = CallObserver.NONE;
    private LongConsumer tokenSink = tokens -> {};

    public CallContext(String requestId, WireFormat inbound, String requestedModel, long startNanos,
                       List<String> clientKeys) {
        this.requestId = requestId;
        this.inbound = inbound;
        this.requestedModel = requestedModel;
        this.startNanos = startNanos;
        this.clientKeys = List.copyOf(clientKeys);
        this.triedCredentials = new HashSet<>();
    }

    private CallContext(CallContext parent) {
        this.requestId = parent.requestId;
        this.inbound = parent.inbound;
        this.requestedModel = parent.requestedModel;
        this.startNanos = parent.startNanos;
        this.clientKeys = parent.clientKeys;
        this.triedCredentials = parent.triedCredentials;
        this.observer = parent.observer;
        this.tokenSink = parent.tokenSink;
    }

    /**
     * A context for one branch of a race: shares the tried-credential set (so racers pick different
     * credentials) and is cancelled with its parent, but can also be cancelled alone.
     */
    public CallContext child() {
        CallContext c = new CallContext(this);
        onCancel(c::cancel);
        return c;
    }

    /** Who answered: provider name, masked credential id, upstream model name. */
    public record Served(String provider, String credential, String upstreamModel) {}

    public String requestId() { return requestId; }

    public WireFormat inbound() { return inbound; }

    /** The model name the client sent; answers carry it back. */
    public String requestedModel() { return requestedModel; }

    public long startNanos() { return startNanos; }

    /** Upstream keys the client supplied for this request (only when the configuration allows it). */
    public List<String> clientKeys() { return clientKeys; }

    /** Credential ids already tried for this request, so that a retry picks another. */
    public Set<String> triedCredentials() { return triedCredentials; }

    public Optional<Served> served() { return served; }

    public void served(Served s) { this.served = Optional.of(s); }

    /** The masked id of the credential this context's latest attempt leased (for race logs). */
    public Optional<String> credential() { return credential; }

    public void credential(String maskedId) { this.credential = Optional.of(maskedId); }

    /** Told of this request's attempts, failovers and races (metrics, logs); a no-op unless set. */
    public CallObserver observer() { return observer; }

    public void observe(CallObserver o) { this.observer = o; }

    /** Where {@link #tokensUsed} reports (client rate limits); branches created afterwards report there too. */
    public void onTokensUsed(LongConsumer sink) { this.tokenSink = sink; }

    /** Tokens an upstream answer used, as it reported them. */
    public void tokensUsed(long tokens) { tokenSink.accept(tokens); }

    public boolean cancelled() { return cancelled; }

    /** Registers work to undo if the client goes away; runs at once if it already has. */
    public void onCancel(Runnable hook) {
        if (cancelled) hook.run();
        else cancelHooks.add(hook);
    }

    public void removeCancelHook(Runnable hook) {
        cancelHooks.remove(hook);
    }

    /** The client went away: abort whatever is in flight for it. */
    public void cancel() {
        if (cancelled) return;
        cancelled = true;
        List<Runnable> hooks = List.copyOf(cancelHooks);
        cancelHooks.clear();
        hooks.forEach(Runnable::run);
    }
}
