package dev.switchboard.config;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * How Switchboard talks to providers. {@code responseTimeout}: longest silence before a non-streaming
 * answer's first byte (thinking models are slow); {@code streamIdleTimeout}: longest silence inside a
 * stream before it counts as stalled; {@code extraCas}: certificate authorities trusted for TLS besides the
 * system's ({@code upstream.ca_file}), empty for none.
 */
public record UpstreamConfig(Duration connectTimeout, Duration responseTimeout, Duration streamIdleTimeout,
                             int maxConnectionsPerHost, long maxResponseBytes, List<X509Certificate> extraCas) {
    public UpstreamConfig {
        extraCas = List.copyOf(extraCas);
    }
}
