package dev.switchboard.config;

import dev.switchboard.credential.Credential;
import java.util.List;
import java.util.Optional;

/**
 * One provider: a named pool of credentials of one type, with a selection strategy. {@code vertex} is present
 * for {@link ProviderType#VERTEX} only.
 */
public record ProviderConfig(String name, ProviderType type, String baseUrl, String strategy,
                             List<Credential> credentials, Optional<VertexSettings> vertex) {
    public ProviderConfig {
        credentials = List.copyOf(credentials);
    }

    public ProviderConfig(String name, ProviderType type, String baseUrl, String strategy, List<Credential> credentials) {
        this(name, type, baseUrl, strategy, credentials, Optional.empty());
    }
}
