package dev.switchboard.config;

import java.util.List;

/**
 * The listening side. {@code clientKeys} empty means the gateway accepts every client (logged loudly at
 * start-up). {@code allowClientUpstreamKeys}: clients may bring their own upstream keys (off by default).
 */
public record ServerConfig(String host, int port, long maxBodyBytes, List<String> clientKeys,
                           boolean allowClientUpstreamKeys) {
    public ServerConfig {
        clientKeys = List.copyOf(clientKeys);
    }
}
