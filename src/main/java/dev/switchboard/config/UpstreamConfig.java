package dev.switchboard.config;

import java.time.Duration;

/**
 * How Switchboard talks to providers. {@code responseTimeout}: longest silence before a non-streaming
 * answer's first byte (thinking models are slow); {@code streamIdleTimeout}: longest silence inside a
 * stream before it counts as stalled.
 */
public record UpstreamConfig(Duration connectTimeout, Duration responseTimeout, Duration streamIdleTimeout,
                             int maxConnectionsPerHost, long maxResponseBytes) {}
