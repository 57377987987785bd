package dev.switchboard.credential;

import dev.switchboard.model.UpstreamFailure;
import java.util.concurrent.atomic.AtomicBoolean;

/** A lease that reports its one outcome to the pool; later calls are ignored. */
final class PooledLease implements Lease {
    private final DefaultCredentialPool pool;
    private final Credential credential;
    private final String upstreamModel;
    private final boolean probe;
    private final AtomicBoolean done = new AtomicBoolean();

    PooledLease(DefaultCredentialPool pool, Credential credential, String upstreamModel, boolean probe) {
        this.pool = pool;
        this.credential = credential;
        this.upstreamModel = upstreamModel;
        this.probe = probe;
    }

    @Override
    public Credential credential() { return credential; }

    @Override
    public String upstreamModel() { return upstreamModel; }

    /** Whether this lease holds a probe slot (invalid key, spent daily quota or half-open circuit). */
    boolean probe() { return probe; }

    @Override
    public void tokensUsed(long tokens) {
        if (!done.get()) pool.tokensUsed(this, tokens);
    }

    @Override
    public void succeeded() {
        if (done.compareAndSet(false, true)) pool.succeeded(this);
    }

    @Override
    public void failed(UpstreamFailure failure) {
        if (done.compareAndSet(false, true)) pool.failed(this, failure);
    }

    @Override
    public void abandoned() {
        if (done.compareAndSet(false, true)) pool.abandoned(this);
    }

    @Override
    public String toString() {
        return "Lease[" + credential.maskedId() + " " + upstreamModel + (probe ? " probe" : "") + "]";
    }
}
