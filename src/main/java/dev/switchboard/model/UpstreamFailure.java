package dev.switchboard.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A failed upstream attempt, as the pool and the failover logic need it. {@code retryDelay} comes from
 * Google's {@code RetryInfo} or a {@code Retry-After} header; {@code quotaIds} from {@code QuotaFailure}
 * violations (e.g. {@code GenerateRequestsPerDayPerProjectPerModel-FreeTier}).
 */
public final class UpstreamFailure extends GatewayException {
    private final FailureClass failureClass;
    private final int upstreamStatus;
    private final Optional<Duration> retryDelay;
    private final List<String> quotaIds;

    public UpstreamFailure(FailureClass failureClass, ErrorKind kind, int upstreamStatus, String message,
                           Optional<Duration> retryDelay, List<String> quotaIds) {
        super(kind, message);
        this.failureClass = failureClass;
        this.upstreamStatus = upstreamStatus;
        this.retryDelay = retryDelay;
        this.quotaIds = List.copyOf(quotaIds);
    }

    /** A failure before any HTTP status (connection, timeout) or with a synthetic one. */
    public static UpstreamFailure of(FailureClass failureClass, ErrorKind kind, String message) {
        return new UpstreamFailure(failureClass, kind, 0, message, Optional.empty(), List.of());
    }

    public FailureClass failureClass() { return failureClass; }

    /** The upstream's HTTP status, or 0 when none was received. */
    public int upstreamStatus() { return upstreamStatus; }

    public Optional<Duration> retryDelay() { return retryDelay; }

    public List<String> quotaIds() { return quotaIds; }

    public boolean retryable() { return failureClass.retryable(); }
}
