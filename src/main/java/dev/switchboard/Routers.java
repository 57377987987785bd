package dev.switchboard;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.config.ProviderType;
import dev.switchboard.credential.Credential;
import dev.switchboard.routing.RoutedProvider;
import dev.switchboard.routing.Router;
import dev.switchboard.routing.RoutingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the router from the configuration: each provider's credentials and the names its type serves natively. */
final class Routers {
    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private Routers() {}

    /** {@code credentials}: provider name → credentials, in configuration order. */
    static Router from(GatewayConfig config, Map<String, List<Credential>> credentials) {
        List<RoutedProvider> providers = new ArrayList<>();
        credentials.forEach((name, creds) -> providers.add(new RoutedProvider(name, creds,
                config.provider(name).map(p -> nativeModels(p.type())).orElse(RoutedProvider.ANY_MODEL))));
        RoutingConfig r = config.routing();
        log.info("routing: {} configured aliases, built-in aliases {}, {} rules, {} fallback chains, default model {}",
                r.aliases().size(), r.builtinAliases() ? "on" : "off", r.rules().size(), r.fallbacks().size(),
                r.defaultModel().orElse("none (unknown names get 404)"));
        return new Router(r, providers);
    }

    private static List<String> nativeModels(ProviderType type) {
        return switch (type) {
            case GEMINI, VERTEX_EXPRESS, VERTEX -> RoutedProvider.GOOGLE_MODELS;
            case OPENAI, ONDEMAND -> RoutedProvider.ANY_MODEL;
        };
    }
}
