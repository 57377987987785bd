package dev.switchboard.routing;

import dev.switchboard.credential.Credential;
import dev.switchboard.credential.Glob;
import java.util.List;

/**
 * What routing needs of one provider: its name, its credentials, and {@code nativeModels}, globs of the names a
 * credential without a model list serves. A Gemini key that lists nothing serves Google's models, not
 * {@code gpt-4o}; an OpenAI-compatible key that lists nothing may serve any name.
 */
public record RoutedProvider(String name, List<Credential> credentials, List<String> nativeModels) {
    /** The model names Google's APIs (Gemini API, Vertex AI) answer to. */
    public static final List<String> GOOGLE_MODELS = List.of("gemini-*", "gemma-*", "learnlm-*", "imagen-*", "veo-*",
            "lyria-*", "*embedding*", "aqa");
    public static final List<String> ANY_MODEL = List.of("*");

    public RoutedProvider {
        credentials = List.copyOf(credentials);
        nativeModels = List.copyOf(nativeModels);
    }

    /**
     * Whether an enabled credential serves {@code model} of its own accord: it lists the name (or an alias of
     * it), or lists nothing and the name is native to the provider; and it does not exclude the name.
     */
    public boolean serves(String model) {
        return credentials.stream().anyMatch(c -> !c.disabled() && c.upstreamModel(model).isPresent()
                && (!c.models().isEmpty() || nativeModels.stream().anyMatch(g -> Glob.matches(g, model))));
    }

    /** Whether an enabled credential accepts {@code model} when a routing rule sends it here (native or not). */
    public boolean accepts(String model) {
        return credentials.stream().anyMatch(c -> !c.disabled() && c.upstreamModel(model).isPresent());
    }

    boolean hasEnabledCredential() {
        return credentials.stream().anyMatch(c -> !c.disabled());
    }
}
