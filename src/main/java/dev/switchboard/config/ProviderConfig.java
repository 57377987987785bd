package dev.switchboard.config;

import dev.switchboard.credential.Credential;
import java.util.List;

/** One provider: a named pool of credentials of one type, with a selection strategy. */
public record ProviderConfig(String name, ProviderType type, String baseUrl, String strategy,
                             List<Credential> credentials) {
    public ProviderConfig {
        credentials = List.copyOf(credentials);
    }
}
