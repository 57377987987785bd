package dev.switchboard.config;

import java.util.List;
import java.util.Optional;

/** The whole configuration, validated. {@code source} is the YAML file it came from, if any. */
public record GatewayConfig(ServerConfig server, UpstreamConfig upstream, RetryConfig retry,
                            CallPolicyConfig policies, List<ProviderConfig> providers, Optional<String> source) {
    public GatewayConfig {
        providers = List.copyOf(providers);
    }

    public Optional<ProviderConfig> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
