package dev.switchboard.config;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * How Switchboard talks to providers. {@code responseTimeout}: longest silence before a non-streaming
 * answer's first byte (thinking models are slow); {@code streamIdleTimeout}: longest silence inside a
 * stream before it counts as stalled; {@code extraCas}: certificate authorities trusted for TLS besides the
 * system's ({@code upstream.ca_file}), empty for none; {@code http2}: offer HTTP/2 to TLS upstreams (ALPN), many
 * requests then sharing one connection, each cancelled on its own ({@code upstream.http2}).
 */
public record UpstreamConfig(Duration connectTimeout, Duration responseTimeout, Duration streamIdleTimeout,
                             int maxConnectionsPerHost, long maxResponseBytes, List<X509Certificate> extraCas,
                             boolean http2) {
    public UpstreamConfig {
        extraCas = List.copyOf(extraCas);
    }
}
