package dev.switchboard.config;

import dev.switchboard.credential.Glob;
import dev.switchboard.resilience.CallPolicy;
import java.util.List;

/**
 * Race mode and fake streaming: the global setting, and overrides for model-name globs (first match wins).
 */
public record CallPolicyConfig(CallPolicy global, List<Override> overrides) {
    public CallPolicyConfig {
        overrides = List.copyOf(overrides);
    }

    /** A policy for the models matching any of {@code models} (globs on the name the client asked for). */
    public record Override(List<String> models, CallPolicy policy) {
        public Override {
            models = List.copyOf(models);
        }
    }

    public CallPolicy forModel(String model) {
        for (Override o : overrides) {
            for (String glob : o.models()) if (Glob.matches(glob, model)) return o.policy();
        }
        return global;
    }
}
