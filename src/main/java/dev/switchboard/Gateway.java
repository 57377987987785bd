package dev.switchboard;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.OnDemandSettings;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.credential.Credential;
import dev.switchboard.credential.CredentialPool;
import dev.switchboard.credential.PoolStateStore;
import dev.switchboard.format.ReasoningTagExtractor;
import dev.switchboard.inbound.ClientAuth;
import dev.switchboard.inbound.Dispatcher;
import dev.switchboard.inbound.EmbeddingsApi;
import dev.switchboard.inbound.GatewayServer;
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
import dev.switchboard.config.ProviderType;
import dev.switchboard.config.VertexSettings;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running gateway: everything built from one configuration, listening on one port. Wiring only. */
public final class Gateway {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final Vertx vertx;
    private final GatewayServer server;
    private final UpstreamClient client;
    private final Optional<Telemetry> ownTelemetry;
    private final PoolStateStore store;

    private Gateway(Vertx vertx, GatewayServer server, UpstreamClient client, Optional<Telemetry> ownTelemetry,
                    PoolStateStore store) {
        this.vertx = vertx;
        this.server = server;
        this.client = client;
        this.ownTelemetry = ownTelemetry;
        this.store = store;
    }

    /** A gateway with telemetry of its own, closed with it. */
    public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Clock clock) {
        Telemetry telemetry = Telemetry.create(clock);
        return start(vertx, config, clock, telemetry, Optional.of(telemetry));
    }

    /** A gateway reporting to the process's {@code telemetry}, which outlives it (and any rebuilt successor). */
    public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Clock clock, Telemetry telemetry) {
        return start(vertx, config, clock, telemetry, Optional.empty());
    }

    private static Future<Gateway> start(Vertx vertx, GatewayConfig config, Clock clock, Telemetry telemetry,
                                         Optional<Telemetry> ownTelemetry) {
        UpstreamClient client = new UpstreamClient(vertx, config.upstream());
        PoolStateStore store = Pools.stateStore(vertx, config.state(), clock);
        Pools pools = new Pools(clock, store, telemetry, config.rateLimits());
        Map<String, CredentialPool> poolByName = new LinkedHashMap<>();
        Map<String, Dispatcher.Provider> providers = new LinkedHashMap<>();
        Map<String, List<Credential>> routable = new LinkedHashMap<>();
        List<ModelInfo> configured = new ArrayList<>();
        List<Supplier<Future<List<ModelInfo>>>> listers = new ArrayList<>();
        for (ProviderConfig p : config.providers()) {
            CredentialPool pool = pools.create(p.name(), p.credentials(), p.strategy());
            poolByName.put(p.name(), pool);
            routable.put(p.name(), p.credentials());
            UpstreamProtocol protocol = protocol(p, clock, client);
            providers.put(p.name(), new Dispatcher.Provider(pool, new HttpUpstream(pool, protocol, client)));
            p.credentials().forEach(c -> c.models().forEach(m -> configured.add(new ModelInfo(m.alias(), p.name()))));
            p.credentials().stream().filter(c -> !c.disabled()).findFirst().flatMap(c -> lister(p, c, protocol, client))
                    .ifPresent(listers::add);
        }
        Optional<Function<List<String>, Dispatcher.Provider>> clientKeys = Optional.empty();
        if (config.server().allowClientUpstreamKeys()) {
            ProviderConfig gemini = config.provider("gemini").orElse(new ProviderConfig("gemini", ProviderType.GEMINI,
                    ProviderType.GEMINI.defaultBaseUrl(), "round_robin", List.of()));
            UpstreamProtocol protocol = protocol(gemini, clock, client);
            clientKeys = Optional.of(keys -> {
                CredentialPool own = pools.ephemeral("client", keys.stream().map(k -> Credential.key("client", k)).toList());
                return new Dispatcher.Provider(own, new HttpUpstream(own, protocol, client));
            });
        }
        Timers timers = Timers.of(vertx);
        Router router = Routers.from(config, routable);
        Dispatcher dispatcher = new Dispatcher(router, providers, config.policies(),
                new Dispatcher.RetryPolicy(config.retry().maxAttempts(), config.retry().deadline()), timers, clientKeys);
        ClientAuth auth = new ClientAuth(config.server().clientKeys(), config.server().allowClientUpstreamKeys());
        Inbound inbound = new Inbound(dispatcher, auth, config.server().maxBodyBytes(), telemetry, pools.clientLimits());
        ModelCatalog catalog = new ModelCatalog(configured, listers, router, clock, Duration.ofMinutes(10));
        StatusApi status = new StatusApi(config, poolByName, clock, auth.open(), telemetry, store::health);
        telemetry.watch(poolByName.values());
        HttpRoutes routes = new HttpRoutes();
        new OpenAiApi(inbound, catalog).register(routes);
        new GeminiApi(inbound, catalog).register(routes);
        new EmbeddingsApi(inbound).register(routes);
        status.register(routes);
        new MetricsApi(telemetry, config.server().metricsKey(), config.server().clientKeys()).register(routes);
        GatewayServer server = new GatewayServer(vertx, routes);
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        return server.listen(config.server().host(), config.server().port(), instances).map(port -> {
            log.info("Switchboard listening on {}:{}", config.server().host(), port);
            for (StatusApi.Note n : status.summary()) {
                if (n.warning()) log.warn("{}", n.text());
                else log.info("{}", n.text());
            }
            return new Gateway(vertx, server, client, ownTelemetry, store);
        }).onFailure(e -> store.close());
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

    public int port() { return server.port(); }

    public Future<Void> close() {
        return server.close().onComplete(v -> {
            client.close();
            ownTelemetry.ifPresent(Telemetry::close);
            store.close();
        });
    }

    Vertx vertx() { return vertx; }
}
