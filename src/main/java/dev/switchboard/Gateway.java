package dev.switchboard;

import dev.switchboard.config.GatewayConfig;
import dev.switchboard.config.ProviderConfig;
import dev.switchboard.credential.Credential;
import dev.switchboard.credential.CredentialPool;
import dev.switchboard.credential.PoolStateStore;
import dev.switchboard.inbound.ClientAuth;
import dev.switchboard.inbound.Dispatcher;
import dev.switchboard.inbound.GatewayServer;
import dev.switchboard.inbound.HttpRoutes;
import dev.switchboard.inbound.Inbound;
import dev.switchboard.inbound.ModelCatalog;
import dev.switchboard.inbound.OpenAiApi;
import dev.switchboard.inbound.StatusApi;
import dev.switchboard.model.ModelInfo;
import dev.switchboard.resilience.Timers;
import dev.switchboard.config.ProviderType;
import dev.switchboard.routing.Router;
import dev.switchboard.upstream.Endpoint;
import dev.switchboard.upstream.GeminiModelLister;
import dev.switchboard.upstream.GeminiProtocol;
import dev.switchboard.upstream.HttpUpstream;
import dev.switchboard.upstream.UpstreamClient;
import dev.switchboard.upstream.UpstreamProtocol;
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
    private final PoolStateStore store;

    private Gateway(Vertx vertx, GatewayServer server, UpstreamClient client, PoolStateStore store) {
        this.vertx = vertx;
        this.server = server;
        this.client = client;
        this.store = store;
    }

    public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Clock clock) {
        UpstreamClient client = new UpstreamClient(vertx, config.upstream());
        PoolStateStore store = Pools.stateStore(vertx, config.state(), clock);
        Pools pools = new Pools(clock, store, config.rateLimits());
        Map<String, CredentialPool> poolByName = new LinkedHashMap<>();
        Map<String, Dispatcher.Provider> providers = new LinkedHashMap<>();
        Map<String, List<Credential>> routable = new LinkedHashMap<>();
        List<ModelInfo> configured = new ArrayList<>();
        List<Supplier<Future<List<ModelInfo>>>> listers = new ArrayList<>();
        for (ProviderConfig p : config.providers()) {
            CredentialPool pool = pools.create(p.name(), p.credentials(), p.strategy());
            poolByName.put(p.name(), pool);
            routable.put(p.name(), p.credentials());
            providers.put(p.name(), new Dispatcher.Provider(pool, new HttpUpstream(pool, protocol(p, clock), client)));
            p.credentials().forEach(c -> c.models().forEach(m -> configured.add(new ModelInfo(m.alias(), p.name()))));
            p.credentials().stream().filter(c -> !c.disabled()).findFirst().ifPresent(c ->
                    listers.add(() -> GeminiModelLister.list(client, p.baseUrl(), c, p.name())));
        }
        Optional<Function<List<String>, Dispatcher.Provider>> clientKeys = Optional.empty();
        if (config.server().allowClientUpstreamKeys()) {
            ProviderConfig gemini = config.provider("gemini").orElse(new ProviderConfig("gemini", ProviderType.GEMINI,
                    ProviderType.GEMINI.defaultBaseUrl(), "round_robin", List.of()));
            UpstreamProtocol protocol = protocol(gemini, clock);
            clientKeys = Optional.of(keys -> {
                CredentialPool own = pools.ephemeral("client", keys.stream().map(k -> Credential.key("client", k)).toList());
                return new Dispatcher.Provider(own, new HttpUpstream(own, protocol, client));
            });
        }
        Timers timers = Timers.of(vertx);
        Dispatcher dispatcher = new Dispatcher(new Router(routable), providers, config.policies(),
                new Dispatcher.RetryPolicy(config.retry().maxAttempts(), config.retry().deadline()), timers, clientKeys);
        ClientAuth auth = new ClientAuth(config.server().clientKeys(), config.server().allowClientUpstreamKeys());
        Inbound inbound = new Inbound(dispatcher, auth, config.server().maxBodyBytes(), pools.clientLimits());
        ModelCatalog catalog = new ModelCatalog(configured, listers, clock, Duration.ofMinutes(10));
        StatusApi status = new StatusApi(config, poolByName, clock, auth.open(), store::health);
        HttpRoutes routes = new HttpRoutes();
        new OpenAiApi(inbound, catalog).register(routes);
        status.register(routes);
        GatewayServer server = new GatewayServer(vertx, routes);
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        return server.listen(config.server().host(), config.server().port(), instances).map(port -> {
            log.info("Switchboard listening on {}:{}", config.server().host(), port);
            status.summary().forEach(line -> log.info("{}", line));
            return new Gateway(vertx, server, client, store);
        }).onFailure(e -> store.close());
    }

    private static UpstreamProtocol protocol(ProviderConfig p, Clock clock) {
        return switch (p.type()) {
            case GEMINI -> new GeminiProtocol(new Endpoint.GeminiApi(p.baseUrl()), clock);
            case VERTEX_EXPRESS -> new GeminiProtocol(new Endpoint.VertexExpress(p.baseUrl()), clock);
            case VERTEX, OPENAI, ONDEMAND -> throw new dev.switchboard.config.ConfigException(
                    "providers." + p.name() + ".type", p.type().configName() + " is not supported yet");
        };
    }

    public int port() { return server.port(); }

    public Future<Void> close() {
        return server.close().onComplete(v -> {
            client.close();
            store.close();
        });
    }

    Vertx vertx() { return vertx; }
}
