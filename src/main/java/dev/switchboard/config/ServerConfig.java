package dev.switchboard.config;

import java.util.List;
import java.util.Optional;

/**
 * The listening side. {@code clientKeys} empty means the gateway accepts every client (logged loudly at
 * start-up). {@code allowClientUpstreamKeys}: clients may bring their own upstream keys (off by default).
 * {@code metricsKey}: the key for {@code /metrics}; when empty the client keys guard it.
 */
public record ServerConfig(String host, int port, long maxBodyBytes, List<String> clientKeys,
                           boolean allowClientUpstreamKeys, Optional<String> metricsKey) {
    public ServerConfig {
        clientKeys = List.copyOf(clientKeys);
    }

    public ServerConfig(String host, int port, long maxBodyBytes, List<String> clientKeys, boolean allowClientUpstreamKeys) {
        this(host, port, maxBodyBytes, clientKeys, allowClientUpstreamKeys, Optional.empty());
    }
}
