package dev.switchboard.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The listening side. {@code clientKeys} empty means the gateway accepts every client (logged loudly at
 * start-up). {@code allowClientUpstreamKeys}: clients may bring their own upstream keys (off by default).
 * {@code metricsKey}: the key for {@code /metrics} and {@code /admin/reload}; when empty the client keys guard them.
 * {@code reloadInterval}: how often the configuration file is checked for changes ({@link Duration#ZERO}: never).
 * {@code idleGc}: how long the gateway must have served nothing before it collects its heap once, so that the JVM
 * gives the memory back ({@link Duration#ZERO}: never).
 */
public record ServerConfig(String host, int port, long maxBodyBytes, List<String> clientKeys,
                           boolean allowClientUpstreamKeys, Optional<String> metricsKey, Duration reloadInterval,
                           Duration warmup, Duration idleGc) {
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_GC = Duration.ofSeconds(5);

    public ServerConfig {
        clientKeys = List.copyOf(clientKeys);
    }

    public ServerConfig(String host, int port, long maxBodyBytes, List<String> clientKeys, boolean allowClientUpstreamKeys,
                        Optional<String> metricsKey) {
        this(host, port, maxBodyBytes, clientKeys, allowClientUpstreamKeys, metricsKey, DEFAULT_RELOAD_INTERVAL,
                DEFAULT_WARMUP, DEFAULT_IDLE_GC);
    }

    public ServerConfig(String host, int port, long maxBodyBytes, List<String> clientKeys, boolean allowClientUpstreamKeys) {
        this(host, port, maxBodyBytes, clientKeys, allowClientUpstreamKeys, Optional.empty());
    }
}
