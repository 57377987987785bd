package dev.switchboard.config;

import dev.switchboard.routing.RoutingConfig;
import java.util.List;
import java.util.Optional;

/** The whole configuration, validated. {@code source} is the YAML file it came from, if any. */
public record GatewayConfig(ServerConfig server, UpstreamConfig upstream, RetryConfig retry,
                            CallPolicyConfig policies, List<ProviderConfig> providers, Optional<String> source,
                            RoutingConfig routing) {
    public GatewayConfig {
        providers = List.copyOf(providers);
    }

    /** Without routing settings: the built-in aliases only. */
    public GatewayConfig(ServerConfig server, UpstreamConfig upstream, RetryConfig retry, CallPolicyConfig policies,
                         List<ProviderConfig> providers, Optional<String> source) {
        this(server, upstream, retry, policies, providers, source, RoutingConfig.defaults());
    }

    public Optional<ProviderConfig> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
