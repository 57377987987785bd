package dev.switchboard.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.credential.Credential;
import dev.switchboard.credential.ModelAlias;
import dev.switchboard.credential.ProxySpec;
import dev.switchboard.credential.Secrets;
import dev.switchboard.format.Json;
import dev.switchboard.resilience.CallPolicy;
import dev.switchboard.resilience.RaceSettings;
import dev.switchboard.routing.RoutingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the configuration: the YAML file named by {@code --config} or {@code SWITCHBOARD_CONFIG} (else the
 * embedded default), then environment variables on top. Every problem is a {@link ConfigException} naming
 * the path and value.
 */
public final class ConfigLoader {
    static final String EMBEDDED = "switchboard-default.yaml";
    // A YAML token stream read into a tree by Json.readTree: no ObjectMapper (and its ~45 ms first build) at start.
    private static final YAMLFactory YAML = new YAMLFactory();

    private final Env env;

    public ConfigLoader(Env env) {
        this.env = env;
    }

    /** Loads from {@code file} if given, else from the environment's SWITCHBOARD_CONFIG, else the embedded default. */
    public GatewayConfig load(Optional<Path> file) {
        Optional<Path> path = file.or(() -> env.get("SWITCHBOARD_CONFIG").map(Path::of));
        if (path.isPresent()) {
            Path p = path.get();
            if (!Files.isRegularFile(p)) throw new ConfigException("config", "file not found: " + p);
            try {
                return parse(Files.readString(p), Optional.of(p.toString()));
            } catch (IOException e) {
                throw new ConfigException("config", "cannot read " + p + ": " + e.getMessage());
            }
        }
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(EMBEDDED)) {
            if (in == null) throw new IllegalStateException("embedded configuration missing from the jar");
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), Optional.empty());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses YAML text, then applies the environment. */
    public GatewayConfig parse(String yaml, Optional<String> source) {
        JsonNode tree;
        try (JsonParser p = YAML.createParser(yaml)) {
            tree = Json.readTree(p);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new ConfigException(source.orElse("config"), "not valid YAML: " + msg);
        }
        ConfigNode root = new ConfigNode(tree, "");
        root.allowOnly(Set.of("server", "upstream", "retry", "race", "fake_streaming", "model_settings", "providers",
                "routing", "state", "pool"));
        ServerConfig server = server(root.get("server"));
        UpstreamConfig upstream = upstream(root.get("upstream"));
        RetryConfig retry = retry(root.get("retry"));
        CallPolicyConfig policies = policies(root);
        List<ProviderConfig> providers = new ArrayList<>(root.get("providers").map(this::provider));
        applyEnvProviders(providers);
        completeOnDemand(providers);
        checkUnique(providers);
        RoutingConfig routing = new RoutingReader(env).read(root.get("routing"), providers);
        StateConfig state = ScaleOutSettings.state(root.get("state"), env);
        RateLimitConfig limits = ScaleOutSettings.rateLimits(root, providers, server.clientKeys());
        PoolHealthConfig poolHealth = PoolHealthConfig.read(root.get("pool"));
        return new GatewayConfig(server, upstream, retry, policies, providers, source, routing, state, limits, poolHealth);
    }

    private ServerConfig server(ConfigNode n) {
        n.allowOnly(Set.of("host", "port", "max_body_bytes", "client_keys", "allow_client_upstream_keys", "metrics_key",
                "client_key_limits", "reload_interval", "warmup", "idle_gc"));
        String host = env.get("HOST").orElse(n.get("host").string("0.0.0.0"));
        int port = env.integer("PORT").orElse(n.get("port").intValue(8080, 0, 65535));
        if (port < 0 || port > 65535) throw new ConfigException("PORT", "must be between 0 and 65535, got " + port);
        long maxBody = env.get("SWITCHBOARD_MAX_BODY_BYTES").map(v -> parseLong("SWITCHBOARD_MAX_BODY_BYTES", v))
                .orElse(n.get("max_body_bytes").longValue(20L * 1024 * 1024, 1024));
        List<String> keys = env.get("SWITCHBOARD_API_KEYS").isPresent() ? env.list("SWITCHBOARD_API_KEYS")
                : n.get("client_keys").strings();
        boolean allowClient = env.bool("ALLOW_CLIENT_UPSTREAM_KEYS")
                .orElse(n.get("allow_client_upstream_keys").bool(false));
        Optional<String> metricsKey = env.get("METRICS_KEY").or(() -> n.get("metrics_key").string().filter(k -> !k.isBlank()));
        Duration reload = n.get("reload_interval").duration(ServerConfig.DEFAULT_RELOAD_INTERVAL);
        Duration warmup = envDuration("SWITCHBOARD_WARMUP", n.get("warmup").duration(ServerConfig.DEFAULT_WARMUP));
        Duration idleGc = envDuration("SWITCHBOARD_IDLE_GC", n.get("idle_gc").duration(ServerConfig.DEFAULT_IDLE_GC));
        return new ServerConfig(host, port, maxBody, keys, allowClient, metricsKey, reload, warmup, idleGc);
    }

    /** The duration in environment variable {@code name} when it is set, else {@code otherwise}. */
    private Duration envDuration(String name, Duration otherwise) {
        return env.get(name).map(v -> {
            try {
                return Durations.parse(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, e.getMessage());
            }
        }).orElse(otherwise);
    }

    private UpstreamConfig upstream(ConfigNode n) {
        n.allowOnly(Set.of("connect_timeout", "response_timeout", "stream_idle_timeout", "max_connections_per_host",
                "max_response_bytes", "ca_file", "http2"));
        return new UpstreamConfig(
                n.get("connect_timeout").duration(Duration.ofSeconds(10)),
                n.get("response_timeout").duration(Duration.ofSeconds(300)),
                n.get("stream_idle_timeout").duration(Duration.ofSeconds(90)),
                n.get("max_connections_per_host").intValue(512, 1, 100_000),
                n.get("max_response_bytes").longValue(64L * 1024 * 1024, 1024),
                PemFiles.named(env, "UPSTREAM_CA_FILE", n.get("ca_file")).map(CaCertificates::read).orElse(List.of()),
                env.bool("UPSTREAM_HTTP2").orElse(n.get("http2").bool(false)));
    }

    private RetryConfig retry(ConfigNode n) {
        n.allowOnly(Set.of("max_attempts", "deadline"));
        int attempts = env.integer("MAX_ATTEMPTS").orElse(n.get("max_attempts").intValue(3, 1, 100));
        return new RetryConfig(attempts, n.get("deadline").duration(Duration.ofSeconds(600)));
    }

    /** Global race/fake-streaming settings (YAML, then the seed tools' environment names), and per-model overrides. */
    private CallPolicyConfig policies(ConfigNode root) {
        CallPolicy defaults = policy(root.get("race"), root.get("fake_streaming"), CallPolicy.PLAIN, true);
        List<CallPolicyConfig.Override> overrides = root.get("model_settings").map(n -> {
            n.allowOnly(Set.of("models", "race", "fake_streaming"));
            List<String> models = n.get("models").strings();
            if (models.isEmpty()) throw n.get("models").error("required: a list of model-name globs");
            return new CallPolicyConfig.Override(models, policy(n.get("race"), n.get("fake_streaming"), defaults, false));
        });
        return new CallPolicyConfig(defaults, overrides);
    }

    private CallPolicy policy(ConfigNode race, ConfigNode fake, CallPolicy base, boolean global) {
        race.allowOnly(Set.of("enabled", "racers", "hedge_delay", "deadline"));
        fake.allowOnly(Set.of("enabled", "interval"));
        Optional<RaceSettings> baseRace = base.race();
        boolean raceOn = race.get("enabled").bool(baseRace.isPresent());
        int racers = race.get("racers").intValue(baseRace.map(RaceSettings::racers).orElse(3), 1, 16);
        Optional<Duration> hedge = race.get("hedge_delay").present()
                ? Optional.of(race.get("hedge_delay").duration(Duration.ZERO)).filter(d -> !d.isZero())
                : baseRace.flatMap(RaceSettings::hedgeDelay);
        Duration deadline = race.get("deadline").duration(baseRace.map(RaceSettings::deadline).orElse(Duration.ofSeconds(120)));
        boolean fakeOn = fake.get("enabled").bool(base.fakeStreamingInterval().isPresent());
        Duration interval = fake.get("interval").duration(base.fakeStreamingInterval().orElse(Duration.ofSeconds(1)));
        if (global) {
            raceOn = env.bool("RACE_MODE").orElse(raceOn);
            racers = env.integer("RACE_CONCURRENT_COUNT").orElse(racers);
            if (racers < 1 || racers > 16) throw new ConfigException("RACE_CONCURRENT_COUNT", "must be between 1 and 16, got " + racers);
            fakeOn = env.bool("FAKE_STREAMING").orElse(fakeOn);
            interval = envDuration("FAKE_STREAMING_INTERVAL", interval);
        }
        if (interval.isZero()) throw fake.get("interval").error("must be greater than zero");
        Optional<RaceSettings> raceSettings = raceOn && racers > 1
                ? Optional.of(new RaceSettings(racers, hedge, deadline)) : Optional.empty();
        return new CallPolicy(raceSettings, fakeOn ? Optional.of(interval) : Optional.empty());
    }

    private static final Set<String> PROVIDER_KEYS = Set.of("name", "type", "base_url", "strategy", "credentials", "keys", "rate_limits");
    private static final Set<String> ONDEMAND_KEYS = Set.of("endpoints", "session_idle_timeout", "external_user_id",
            "plugin_ids");

    private ProviderConfig provider(ConfigNode n) {
        String typeName = n.get("type").string().orElseThrow(() -> n.get("type").error("required (gemini, vertex_express, vertex, openai or ondemand)"));
        ProviderType type = ProviderType.parse(typeName).orElseThrow(() -> n.get("type").error(
                "unknown provider type '" + typeName + "' (gemini, vertex_express, vertex, openai or ondemand)"));
        Set<String> allowed = new HashSet<>(PROVIDER_KEYS);
        if (type == ProviderType.OPENAI || type == ProviderType.ONDEMAND || type == ProviderType.VERTEX) {
            allowed.add("reasoning_tags");
        }
        if (type == ProviderType.ONDEMAND) allowed.addAll(ONDEMAND_KEYS);
        if (type == ProviderType.VERTEX) allowed.addAll(VertexProviders.YAML_KEYS);
        n.allowOnly(allowed);
        String name = n.get("name").string(type.configName());
        Optional<VertexSettings> vertex = type == ProviderType.VERTEX ? Optional.of(VertexProviders.settings(n)) : Optional.empty();
        String baseUrl = n.get("base_url").string().map(u -> checkUrl(n.get("base_url"), u))
                .orElse(vertex.map(v -> VertexSettings.baseUrl(v.location())).orElse(type.defaultBaseUrl()));
        String strategy = n.get("strategy").string("round_robin");
        List<Credential> creds = new ArrayList<>();
        if (type == ProviderType.VERTEX) creds.addAll(VertexProviders.keys(n.get("keys"), name));
        else for (String key : n.get("keys").strings()) creds.add(Credential.key(name, key));
        for (ConfigNode c : n.get("credentials").list()) creds.add(credential(c, name, type));
        ConfigNode dir = n.get("credentials_dir");
        dir.string().ifPresent(d -> creds.addAll(VertexProviders.fromDir(name, d, dir.path())));
        List<ReasoningTagPair> tags = reasoningTags(n.get("reasoning_tags"));
        if (tags.isEmpty() && vertex.isPresent() && vertex.get().direct()) tags = VertexSettings.DEFAULT_REASONING_TAGS;
        Optional<OnDemandSettings> onDemand = type == ProviderType.ONDEMAND ? Optional.of(onDemand(n)) : Optional.empty();
        return new ProviderConfig(name, type, baseUrl, strategy, creds, tags, onDemand, vertex);
    }

    /** {@code [think]} means {@code <think>…</think>}; {@code {open, close}} names the markers exactly. */
    private static List<ReasoningTagPair> reasoningTags(ConfigNode n) {
        return n.map(t -> {
            if (!t.get("open").present() && !t.get("close").present() && t.string().isPresent()) {
                String tag = t.string().get().strip();
                if (tag.isEmpty() || tag.contains("<") || tag.contains(">")) {
                    throw t.error("expected a tag name such as 'think' (or a mapping with open and close), got '" + tag + "'");
                }
                return new ReasoningTagPair("<" + tag + ">", "</" + tag + ">");
            }
            t.allowOnly(Set.of("open", "close"));
            String open = t.get("open").string().filter(s -> !s.isEmpty()).orElseThrow(() -> t.get("open").error("required"));
            String close = t.get("close").string().filter(s -> !s.isEmpty()).orElseThrow(() -> t.get("close").error("required"));
            return new ReasoningTagPair(open, close);
        });
    }

    private static OnDemandSettings onDemand(ConfigNode n) {
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (var e : n.get("endpoints").entries()) {
            String id = e.getValue().string().filter(s -> !s.isBlank())
                    .orElseThrow(() -> e.getValue().error("expected an OnDemand endpoint id such as predefined-openai-gpt4o"));
            endpoints.put(e.getKey(), id.strip());
        }
        OnDemandSettings d = OnDemandSettings.defaults(endpoints);
        Duration idle = n.get("session_idle_timeout").duration(OnDemandSettings.DEFAULT_IDLE_TIMEOUT);
        String user = n.get("external_user_id").string().filter(s -> !s.isBlank()).orElse(OnDemandSettings.DEFAULT_EXTERNAL_USER_ID);
        return new OnDemandSettings(d.endpoints(), idle, user, n.get("plugin_ids").strings());
    }

    private Credential credential(ConfigNode n, String provider, ProviderType type) {
        n.allowOnly(Set.of("id", "key", "base_url", "proxy_url", "models", "excluded_models", "weight", "disabled",
                "rate_limits"));
        boolean serviceAccount = type == ProviderType.VERTEX;
        String key = serviceAccount ? VertexProviders.keyText(n.get("key"))
                : n.get("key").string().orElseThrow(() -> n.get("key").error("required: the credential's secret"));
        String derived = serviceAccount ? VertexProviders.derivedId(provider, key, n.get("key")) : Secrets.derivedId(provider, key);
        String id = n.get("id").string().orElse(derived);
        Optional<String> baseUrl = n.get("base_url").string().map(u -> checkUrl(n.get("base_url"), u));
        Optional<ProxySpec> proxy = n.get("proxy_url").string().map(u -> {
            try {
                return ProxySpec.parse(u);
            } catch (IllegalArgumentException e) {
                throw n.get("proxy_url").error(e.getMessage());
            }
        });
        List<ModelAlias> models = n.get("models").map(m -> {
            if (!m.get("name").present() && m.string().isPresent()) {
                String s = m.string().get();
                return new ModelAlias(s, s);
            }
            m.allowOnly(Set.of("name", "alias"));
            String name = m.get("name").string().orElseThrow(() -> m.get("name").error("required"));
            return new ModelAlias(name, m.get("alias").string(name));
        });
        List<String> excluded = n.get("excluded_models").strings();
        int weight = n.get("weight").intValue(1, 0, 1_000_000);
        boolean disabled = n.get("disabled").bool(false);
        return new Credential(id, provider, key, baseUrl, proxy, models, excluded, weight, disabled);
    }

    /** Short forms from the environment: comma-separated keys become (or join) a provider's pool. */
    private void applyEnvProviders(List<ProviderConfig> providers) {
        addEnvKeys(providers, ProviderType.GEMINI, "gemini", env.list("GEMINI_API_KEYS"), env.get("GEMINI_BASE_URL"));
        addEnvKeys(providers, ProviderType.OPENAI, "openai", env.list("OPENAI_API_KEYS"), env.get("OPENAI_BASE_URL"));
        List<String> onDemandKeys = env.get("ONDEMAND_APIKEYS").isPresent() ? env.list("ONDEMAND_APIKEYS")
                : env.list("ONDEMAND_API_KEYS");
        addEnvKeys(providers, ProviderType.ONDEMAND, "ondemand", onDemandKeys, env.get("ONDEMAND_BASE_URL"));
        VertexProviders.applyEnv(env, providers);
    }

    static void addEnvKeys(List<ProviderConfig> providers, ProviderType type, String name, List<String> keys,
                           Optional<String> baseUrl) {
        if (keys.isEmpty() && baseUrl.isEmpty()) return;
        // By name, not providers.indexOf(existing): a record's equals is bootstrapped at its first call,
        // which costs every start a few milliseconds that the start-up cache cannot hold.
        int at = ProviderConfig.indexOf(providers, name);
        ProviderConfig existing = at >= 0 ? providers.get(at) : null;
        List<Credential> creds = new ArrayList<>(existing == null ? List.of() : existing.credentials());
        Set<String> known = new HashSet<>();
        creds.forEach(c -> known.add(c.secret()));
        for (String k : keys) if (known.add(k)) creds.add(Credential.key(name, k));
        String url = baseUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .orElse(existing == null ? type.defaultBaseUrl() : existing.baseUrl());
        if (existing == null) providers.add(new ProviderConfig(name, type, url, "round_robin", creds));
        else providers.set(at, existing.withCredentials(url, creds));
    }

    /**
     * OnDemand providers route only the models they can map: a credential without its own model list serves
     * the endpoint map's model names (each an alias of its endpoint id), which the model list then shows.
     */
    private static void completeOnDemand(List<ProviderConfig> providers) {
        for (int i = 0; i < providers.size(); i++) {
            ProviderConfig p = providers.get(i);
            if (p.type() != ProviderType.ONDEMAND) continue;
            OnDemandSettings s = p.onDemand().orElseGet(() -> OnDemandSettings.defaults(Map.of()));
            List<ModelAlias> mapped = s.endpoints().entrySet().stream()
                    .map(e -> new ModelAlias(e.getValue(), e.getKey())).toList();
            List<Credential> creds = p.credentials().stream().map(c -> c.models().isEmpty()
                    ? new Credential(c.id(), c.provider(), c.secret(), c.baseUrl(), c.proxy(), mapped,
                            c.excludedModels(), c.weight(), c.disabled())
                    : c).toList();
            providers.set(i, p.withOnDemand(s, creds));
        }
    }

    private static void checkUnique(List<ProviderConfig> providers) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < providers.size(); i++) {
            ProviderConfig p = providers.get(i);
            if (!names.add(p.name())) throw new ConfigException("providers[" + i + "].name", "duplicate provider name '" + p.name() + "'");
            Set<String> ids = new HashSet<>();
            for (int j = 0; j < p.credentials().size(); j++) {
                String id = p.credentials().get(j).id();
                if (!ids.add(id)) {
                    throw new ConfigException("providers[" + i + "].credentials[" + j + "].id", "duplicate credential id '" + id + "'");
                }
            }
        }
    }

    private static String checkUrl(ConfigNode n, String url) {
        try {
            URI u = URI.create(url);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw n.error("expected an http:// or https:// URL, got '" + url + "'");
            }
        } catch (IllegalArgumentException e) {
            throw n.error("not a URL: '" + url + "'");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static long parseLong(String name, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "expected a whole number, got '" + v + "'");
        }
    }
}
