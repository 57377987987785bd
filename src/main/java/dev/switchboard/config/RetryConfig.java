package dev.switchboard.config;

import java.time.Duration;

/** Failover within a pool: at most {@code maxAttempts} credentials per request, all within {@code deadline}. */
public record RetryConfig(int maxAttempts, Duration deadline) {}
