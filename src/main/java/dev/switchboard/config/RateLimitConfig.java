package dev.switchboard.config;

import dev.switchboard.credential.Credential;
import dev.switchboard.credential.RateLimit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests and tokens per minute, enforced across replicas: per credential ({@code rate_limits} on a provider for
 * all its credentials, or on one credential) and per client key ({@code server.client_key_limits}).
 *
 * @param providers       by provider name
 * @param clientKeys      by client key
 * @param otherClientKeys for client keys not listed ({@code key: "*"})
 */
public record RateLimitConfig(Map<String, ProviderLimits> providers, Map<String, RateLimit> clientKeys,
                              RateLimit otherClientKeys) {
    public RateLimitConfig {
        providers = Map.copyOf(providers);
        clientKeys = Map.copyOf(clientKeys);
    }

    public static final RateLimitConfig NONE = new RateLimitConfig(Map.of(), Map.of(), RateLimit.NONE);

    /** One provider's limits: {@code all} for each credential without its own, {@code byCredentialId} for those with. */
    public record ProviderLimits(RateLimit all, Map<String, RateLimit> byCredentialId) {
        public ProviderLimits {
            byCredentialId = Map.copyOf(byCredentialId);
        }
    }

    /** The limit of each of {@code credentials} of {@code provider} that has one, by credential id. */
    public Map<String, RateLimit> forCredentials(String provider, List<Credential> credentials) {
        ProviderLimits p = providers.get(provider);
        if (p == null) return Map.of();
        Map<String, RateLimit> out = new HashMap<>();
        for (Credential c : credentials) {
            RateLimit l = p.byCredentialId().getOrDefault(c.id(), p.all());
            if (l.limited()) out.put(c.id(), l);
        }
        return out;
    }

    public boolean clientKeysLimited() {
        return otherClientKeys.limited() || clientKeys.values().stream().anyMatch(RateLimit::limited);
    }
}
