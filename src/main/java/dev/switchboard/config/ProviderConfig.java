package dev.switchboard.config;

import dev.switchboard.credential.Credential;
import java.util.List;
import java.util.Optional;

/**
 * One provider: a named pool of credentials of one type, with a selection strategy. {@code reasoningTags}:
 * markers around reasoning that the upstream's models inline in their text (OpenAI-compatible, OnDemand and
 * Vertex direct mode); {@code onDemand}: the OnDemand settings, present exactly for OnDemand providers;
 * {@code vertex}: the Vertex AI settings, present exactly for {@link ProviderType#VERTEX} providers.
 */
public record ProviderConfig(String name, ProviderType type, String baseUrl, String strategy,
                             List<Credential> credentials, List<ReasoningTagPair> reasoningTags,
                             Optional<OnDemandSettings> onDemand, Optional<VertexSettings> vertex) {
    public ProviderConfig {
        credentials = List.copyOf(credentials);
        reasoningTags = List.copyOf(reasoningTags);
    }

    public ProviderConfig(String name, ProviderType type, String baseUrl, String strategy, List<Credential> credentials) {
        this(name, type, baseUrl, strategy, credentials, List.of(), Optional.empty(), Optional.empty());
    }

    public ProviderConfig withCredentials(String newBaseUrl, List<Credential> newCredentials) {
        return new ProviderConfig(name, type, newBaseUrl, strategy, newCredentials, reasoningTags, onDemand, vertex);
    }

    /** The position in {@code providers} of the provider named {@code name}, or -1. */
    static int indexOf(List<ProviderConfig> providers, String name) {
        for (int i = 0; i < providers.size(); i++) if (providers.get(i).name().equals(name)) return i;
        return -1;
    }

    public ProviderConfig withOnDemand(OnDemandSettings settings, List<Credential> newCredentials) {
        return new ProviderConfig(name, type, baseUrl, strategy, newCredentials, reasoningTags, Optional.of(settings), vertex);
    }
}
