package dev.switchboard;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.OnDemandSettings;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.config.ProviderType;
import dev.switchboard.config.VertexSettings;
import dev.switchboard.credential.Credential;
import dev.switchboard.credential.CredentialPool;
import dev.switchboard.credential.PoolStateStore;
import dev.switchboard.format.ReasoningTagExtractor;
import dev.switchboard.inbound.AdminApi;
import dev.switchboard.inbound.ClientAuth;
import dev.switchboard.inbound.Dispatcher;
import dev.switchboard.inbound.EmbeddingsApi;
import dev.switchboard.inbound.GeminiApi;
import dev.switchboard.inbound.HttpRoutes;
import dev.switchboard.inbound.Inbound;
import dev.switchboard.inbound.MetricsApi;
import dev.switchboard.inbound.ModelCatalog;
import dev.switchboard.inbound.OpenAiApi;
import dev.switchboard.inbound.StatusApi;
import dev.switchboard.model.ModelInfo;
import dev.switchboard.observe.Telemetry;
import dev.switchboard.resilience.Timers;
import dev.switchboard.routing.Router;
import dev.switchboard.upstream.Endpoint;
import dev.switchboard.upstream.GeminiModelLister;
import dev.switchboard.upstream.GeminiProtocol;
import dev.switchboard.upstream.HttpUpstream;
import dev.switchboard.upstream.OpenAiModelLister;
import dev.switchboard.upstream.OpenAiProtocol;
import dev.switchboard.upstream.ServiceAccountTokens;
import dev.switchboard.upstream.UpstreamClient;
import dev.switchboard.upstream.UpstreamProtocol;
import dev.switchboard.upstream.VertexDirectProtocol;
import dev.switchboard.upstream.VertexModelLister;
import dev.switchboard.upstream.ondemand.OnDemandProtocol;
import dev.switchboard.upstream.ondemand.OnDemandSessions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything built from one configuration: pools, providers, router, dispatcher, inbound APIs and the route table
 * they register in. A reload builds a new assembly over the same {@link ProcessParts}; pool state lives in the
 * shared store, keyed by provider and credential id, so the new pools carry on where the old ones were.
 */
record Assembly(HttpRoutes routes, List<CredentialPool> pools, List<StatusApi.Note> notes) {

    /** What outlives a configuration: the event loops, upstream connections, pool state and telemetry. */
    record ProcessParts(Vertx vertx, Clock clock, Telemetry telemetry, UpstreamClient client, PoolStateStore store,
                        Instant started, Supplier<Future<Void>> reload) {}

    /** The pieces per provider that the dispatcher, the model list and the status page need. */
    private record Providers(Map<String, CredentialPool> pools, Map<String, Dispatcher.Provider> calls,
                             Map<String, List<Credential>> routable, List<ModelInfo> configured,
                             List<Supplier<Future<List<ModelInfo>>>> listers) {}

    /** Builds the assembly; throws (leaving nothing behind) when the configuration cannot be put together. */
    static Assembly build(GatewayConfig config, ProcessParts parts) {
        Clock clock = parts.clock();
        Telemetry telemetry = parts.telemetry();
        Pools pools = new Pools(clock, parts.store(), telemetry, config.rateLimits(), config.poolHealth());
        Providers providers = providers(config, pools, clock, parts.client());
        Router router = Routers.from(config, providers.routable());
        Dispatcher dispatcher = new Dispatcher(router, providers.calls(), config.policies(),
                new Dispatcher.RetryPolicy(config.retry().maxAttempts(), config.retry().deadline()), Timers.of(parts.vertx()),
                clientKeys(config, pools, clock, parts.client()));
        ClientAuth auth = new ClientAuth(config.server().clientKeys(), config.server().allowClientUpstreamKeys());
        Inbound inbound = new Inbound(dispatcher, auth, config.server().maxBodyBytes(), telemetry, pools.clientLimits());
        ModelCatalog catalog = new ModelCatalog(providers.configured(), providers.listers(), router, clock, Duration.ofMinutes(10));
        StatusApi status = new StatusApi(config, providers.pools(), clock, parts.started(), auth.open(), telemetry,
                parts.store()::health);
        HttpRoutes routes = new HttpRoutes();
        new OpenAiApi(inbound, catalog).register(routes);
        new GeminiApi(inbound, catalog).register(routes);
        new EmbeddingsApi(inbound).register(routes);
        status.register(routes);
        new MetricsApi(telemetry, config.server().metricsKey(), config.server().clientKeys()).register(routes);
        new AdminApi(parts.reload(), config.server().metricsKey(), config.server().clientKeys()).register(routes);
        return new Assembly(routes, List.copyOf(providers.pools().values()), status.summary());
    }

    private static Providers providers(GatewayConfig config, Pools pools, Clock clock, UpstreamClient client) {
        Providers out = new Providers(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
                new ArrayList<>(), new ArrayList<>());
        for (ProviderConfig p : config.providers()) {
            CredentialPool pool = pools.create(p.name(), p.credentials(), p.strategy());
            out.pools().put(p.name(), pool);
            out.routable().put(p.name(), p.credentials());
            UpstreamProtocol protocol = protocol(p, clock, client);
            out.calls().put(p.name(), new Dispatcher.Provider(pool, new HttpUpstream(pool, protocol, client)));
            p.credentials().forEach(c -> c.models().forEach(m -> out.configured().add(new ModelInfo(m.alias(), p.name()))));
            p.credentials().stream().filter(c -> !c.disabled()).findFirst().flatMap(c -> lister(p, c, protocol, client))
                    .ifPresent(out.listers()::add);
        }
        return out;
    }

    /** When clients may bring their own Gemini keys: a throw-away pool per request. */
    private static Optional<Function<List<String>, Dispatcher.Provider>> clientKeys(GatewayConfig config, Pools pools,
                                                                                  Clock clock, UpstreamClient client) {
        if (!config.server().allowClientUpstreamKeys()) return Optional.empty();
        ProviderConfig gemini = config.provider("gemini").orElse(new ProviderConfig("gemini", ProviderType.GEMINI,
                ProviderType.GEMINI.defaultBaseUrl(), "round_robin", List.of()));
        UpstreamProtocol protocol = protocol(gemini, clock, client);
        return Optional.of(keys -> {
            CredentialPool own = pools.ephemeral("client", keys.stream().map(k -> Credential.key("client", k)).toList());
            return new Dispatcher.Provider(own, new HttpUpstream(own, protocol, client));
        });
    }

    private static UpstreamProtocol protocol(ProviderConfig p, Clock clock, UpstreamClient client) {
        return switch (p.type()) {
            case GEMINI -> new GeminiProtocol(new Endpoint.GeminiApi(p.baseUrl()), clock);
            case VERTEX_EXPRESS -> new GeminiProtocol(new Endpoint.VertexExpress(p.baseUrl()), clock);
            case OPENAI -> new OpenAiProtocol(p.baseUrl(), tags(p), clock);
            case ONDEMAND -> {
                OnDemandSettings s = p.onDemand().orElseGet(() -> OnDemandSettings.defaults(Map.of()));
                OnDemandSessions sessions = new OnDemandSessions(client, p.baseUrl(), s.externalUserId(), s.pluginIds(),
                        s.sessionIdleTimeout(), clock);
                yield new OnDemandProtocol(p.baseUrl(), s.endpoints(), s.pluginIds(), sessions, tags(p), clock);
            }
            case VERTEX -> vertex(p, clock, client);
        };
    }

    /** Service accounts on the Gemini endpoint, or in direct mode on Vertex's OpenAI-compatible one. */
    private static UpstreamProtocol vertex(ProviderConfig p, Clock clock, UpstreamClient client) {
        VertexSettings v = p.vertex().orElse(VertexSettings.defaults());
        Endpoint.VertexServiceAccount endpoint = new Endpoint.VertexServiceAccount(p.baseUrl(), v.location(),
                v.projectId(), new ServiceAccountTokens(client, p.credentials(), clock));
        return v.direct() ? new VertexDirectProtocol(endpoint, tags(p), clock) : new GeminiProtocol(endpoint, clock);
    }

    private static List<ReasoningTagExtractor.Tag> tags(ProviderConfig p) {
        return p.reasoningTags().stream().map(t -> new ReasoningTagExtractor.Tag(t.open(), t.close())).toList();
    }

    /**
     * Where the model list asks the upstream what it serves. OnDemand has no such call (its map is the list), nor
     * do Vertex Express keys (their configured models are the list).
     */
    private static Optional<Supplier<Future<List<ModelInfo>>>> lister(ProviderConfig p, Credential c,
                                                                     UpstreamProtocol protocol, UpstreamClient client) {
        return switch (p.type()) {
            case GEMINI -> Optional.of(() -> GeminiModelLister.list(client, p.baseUrl(), c, p.name()));
            case VERTEX -> VertexModelLister.endpointOf(protocol).map(e -> () -> VertexModelLister.list(client, e, c, p.name()));
            case OPENAI -> Optional.of(() -> OpenAiModelLister.list(client, p.baseUrl(), c, p.name()));
            case VERTEX_EXPRESS, ONDEMAND -> Optional.empty();
        };
    }
}
