package dev.switchboard.config;

import dev.switchboard.routing.RoutingConfig;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, validated. {@code source} is the YAML file it came from, if any; {@code state} and
 * {@code rateLimits} are for running several replicas (docs/scale-out.md).
 */
public record GatewayConfig(ServerConfig server, UpstreamConfig upstream, RetryConfig retry,
                            CallPolicyConfig policies, List<ProviderConfig> providers, Optional<String> source,
                            RoutingConfig routing, StateConfig state, RateLimitConfig rateLimits,
                            PoolHealthConfig poolHealth) {
    public GatewayConfig {
        providers = List.copyOf(providers);
    }

    /** Without routing, scale-out or rate-limit settings: built-in aliases, one replica, state in memory. */
    public GatewayConfig(ServerConfig server, UpstreamConfig upstream, RetryConfig retry, CallPolicyConfig policies,
                         List<ProviderConfig> providers, Optional<String> source) {
        this(server, upstream, retry, policies, providers, source, RoutingConfig.defaults(), StateConfig.inMemory(),
                RateLimitConfig.NONE, PoolHealthConfig.DEFAULTS);
    }

    public Optional<ProviderConfig> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
