package dev.switchboard.credential;

import java.util.List;
import java.util.Optional;

/**
 * One upstream credential. {@code secret} is an API key, or a service-account JSON for Vertex; it never
 * appears in {@link #toString()}, logs, errors or the status page: use {@link #maskedId()}.
 * {@code models} empty means "serves every model"; {@code excludedModels} are glob patterns.
 */
public record Credential(
        String id,
        String provider,
        String secret,
        Optional<String> baseUrl,
        Optional<ProxySpec> proxy,
        List<ModelAlias> models,
        List<String> excludedModels,
        int weight,
        boolean disabled) {

    public Credential {
        models = List.copyOf(models);
        excludedModels = List.copyOf(excludedModels);
    }

    /** A plain key with defaults: serves every model, weight 1. */
    public static Credential key(String provider, String secret) {
        return new Credential(Secrets.derivedId(provider, secret), provider, secret, Optional.empty(),
                Optional.empty(), List.of(), List.of(), 1, false);
    }

    /** The id shown to people: the configured id, which for derived ids is already masked. */
    public String maskedId() {
        return id;
    }

    /**
     * The upstream model name this credential uses for a client's model name, or empty if it does not
     * serve it (not listed, or excluded).
     */
    public Optional<String> upstreamModel(String requested) {
        String upstream = requested;
        if (!models.isEmpty()) {
            Optional<ModelAlias> match = models.stream()
                    .filter(m -> m.alias().equals(requested) || m.name().equals(requested))
                    .findFirst();
            if (match.isEmpty()) return Optional.empty();
            upstream = match.get().name();
        }
        for (String pattern : excludedModels) {
            if (Glob.matches(pattern, requested) || Glob.matches(pattern, upstream)) return Optional.empty();
        }
        return Optional.of(upstream);
    }

    @Override
    public String toString() {
        return "Credential[" + provider + "/" + id + "]";
    }
}
