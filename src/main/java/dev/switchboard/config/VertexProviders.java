package dev.switchboard.config;

import dev.switchboard.credential.Credential;
import dev.switchboard.credential.ServiceAccountKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Vertex AI parts of the configuration: service-account keys (YAML, {@code GOOGLE_CREDENTIALS_JSON},
 * {@code CREDENTIALS_DIR}), the settings of a {@code vertex} provider, and the environment short forms the
 * vertex2openai-style tools use. Keys are parsed here so that a broken one stops start-up with its path.
 */
final class VertexProviders {
    static final Set<String> YAML_KEYS = Set.of("credentials_dir", "project_id", "location", "direct");
    static final String EXPRESS_NAME = "vertex_express";
    static final String SERVICE_ACCOUNT_NAME = "vertex";

    private VertexProviders() {}

    /** The settings of a YAML {@code vertex} provider ({@code reasoning_tags} is read with the other types'). */
    static VertexSettings settings(ConfigNode n) {
        String location = location(n.get("location").string(VertexSettings.DEFAULT_LOCATION), n.get("location").path());
        return new VertexSettings(location, n.get("project_id").string(), n.get("direct").bool(false));
    }

    private static String location(String location, String path) {
        if (!VertexSettings.validLocation(location)) {
            throw new ConfigException(path, "expected a Vertex AI location like us-central1 or global, got '" + location + "'");
        }
        return location;
    }

    /** A credential's {@code key}: the key file as JSON text, or pasted as a YAML/JSON mapping. */
    static String keyText(ConfigNode n) {
        return n.jsonText().orElseThrow(() -> n.error("required: the service account's JSON key"));
    }

    /** The id of a service-account credential configured without one: provider and account e-mail (not a secret). */
    static String derivedId(String provider, String keyJson, ConfigNode where) {
        return provider + ":" + parse(keyJson, where.path()).clientEmail();
    }

    /** {@code keys:} of a vertex provider: key files as a list of JSON texts (commas inside JSON are no separators). */
    static List<Credential> keys(ConfigNode n, String provider) {
        List<Credential> out = new ArrayList<>();
        if (n.present() && n.string().isPresent()) {
            out.addAll(fromJsonList(provider, n.string().get(), n.path()));
            return out;
        }
        for (ConfigNode k : n.list()) out.add(serviceAccount(provider, keyText(k), k.path()));
        return out;
    }

    /** Every {@code .json} file of a directory, in name order. */
    static List<Credential> fromDir(String provider, String dir, String where) {
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) throw new ConfigException(where, "not a directory: " + dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(p)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(where, "cannot list " + dir + ": " + e.getMessage());
        }
        List<Credential> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.add(serviceAccount(provider, Files.readString(f), where + " (" + f.getFileName() + ")"));
            } catch (IOException e) {
                throw new ConfigException(where, "cannot read " + f + ": " + e.getMessage());
            }
        }
        return out;
    }

    static List<Credential> fromJsonList(String provider, String text, String where) {
        List<String> objects;
        try {
            objects = ServiceAccountKey.splitObjects(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where, e.getMessage());
        }
        List<Credential> out = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) out.add(serviceAccount(provider, objects.get(i), where + "[" + i + "]"));
        return out;
    }

    static Credential serviceAccount(String provider, String json, String where) {
        ServiceAccountKey key = parse(json, where);
        return new Credential(provider + ":" + key.clientEmail(), provider, json, Optional.empty(), Optional.empty(),
                List.of(), List.of(), 1, false);
    }

    private static ServiceAccountKey parse(String json, String where) {
        try {
            return ServiceAccountKey.parse(json);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where, "not a usable service account key: " + e.getMessage());
        }
    }

    /**
     * The environment short forms. {@code VERTEX_EXPRESS_API_KEY} and {@code EXPRESS} add Express keys to
     * {@code vertex_express}, which goes before the service accounts so that they serve what the keys cannot.
     * {@code GOOGLE_CREDENTIALS_JSON} and {@code CREDENTIALS_DIR} add service accounts to {@code vertex};
     * {@code GCP_PROJECT_ID}, {@code GCP_LOCATION}, {@code ROUNDROBIN} and {@code VERTEX_BASE_URL} set it up.
     */
    static void applyEnv(Env env, List<ProviderConfig> providers) {
        List<String> expressKeys = new ArrayList<>(env.list("VERTEX_EXPRESS_API_KEY"));
        expressKeys.addAll(env.list("EXPRESS"));
        boolean hadExpress = ProviderConfig.indexOf(providers, EXPRESS_NAME) >= 0;
        ConfigLoader.addEnvKeys(providers, ProviderType.VERTEX_EXPRESS, EXPRESS_NAME, expressKeys,
                env.get("VERTEX_EXPRESS_BASE_URL"));
        applyServiceAccountEnv(env, providers);
        int express = ProviderConfig.indexOf(providers, EXPRESS_NAME);
        if (!hadExpress && express >= 0) {
            ProviderConfig moved = providers.remove(express);
            int firstVertex = 0;
            while (firstVertex < providers.size() && providers.get(firstVertex).type() != ProviderType.VERTEX) firstVertex++;
            providers.add(Math.min(firstVertex, providers.size()), moved);
        }
        for (int i = 0; i < providers.size(); i++) checkProjects(providers.get(i), "providers[" + i + "]");
    }

    private static void applyServiceAccountEnv(Env env, List<ProviderConfig> providers) {
        List<Credential> fromEnv = new ArrayList<>();
        env.get("GOOGLE_CREDENTIALS_JSON").ifPresent(t ->
                fromEnv.addAll(fromJsonList(SERVICE_ACCOUNT_NAME, t, "GOOGLE_CREDENTIALS_JSON")));
        env.get("CREDENTIALS_DIR").ifPresent(d -> fromEnv.addAll(fromDir(SERVICE_ACCOUNT_NAME, d, "CREDENTIALS_DIR")));
        int index = ProviderConfig.indexOf(providers, SERVICE_ACCOUNT_NAME);
        if (index < 0 && fromEnv.isEmpty()) return;
        Optional<ProviderConfig> existing = index < 0 ? Optional.empty() : Optional.of(providers.get(index));
        if (existing.isPresent() && existing.get().type() != ProviderType.VERTEX) {
            if (fromEnv.isEmpty()) return;
            throw new ConfigException("GOOGLE_CREDENTIALS_JSON", "the provider named 'vertex' has type "
                    + existing.get().type().configName() + "; service accounts need type vertex");
        }
        Map<String, Credential> byId = new LinkedHashMap<>();
        existing.ifPresent(p -> p.credentials().forEach(c -> byId.put(c.id(), c)));
        fromEnv.forEach(c -> byId.putIfAbsent(c.id(), c));
        VertexSettings settings = existing.flatMap(ProviderConfig::vertex).orElse(VertexSettings.defaults());
        String derivedBase = VertexSettings.baseUrl(settings.location());
        boolean explicitBase = existing.isPresent() && !existing.get().baseUrl().equals(derivedBase);
        settings = settings.withLocation(env.get("GCP_LOCATION").map(l -> location(l, "GCP_LOCATION")).orElse(settings.location()));
        settings = env.get("GCP_PROJECT_ID").map(settings::withProjectId).orElse(settings);
        String baseUrl = env.get("VERTEX_BASE_URL").map(u -> httpUrl(u, "VERTEX_BASE_URL"))
                .orElse(explicitBase ? existing.get().baseUrl() : VertexSettings.baseUrl(settings.location()));
        String strategy = env.bool("ROUNDROBIN").map(rr -> rr ? "round_robin" : "fill_first")
                .orElse(existing.map(ProviderConfig::strategy).orElse("fill_first"));
        ProviderConfig merged = new ProviderConfig(SERVICE_ACCOUNT_NAME, ProviderType.VERTEX, baseUrl, strategy,
                List.copyOf(byId.values()), existing.map(ProviderConfig::reasoningTags).orElse(List.of()), Optional.empty(),
                Optional.of(settings));
        if (index >= 0) providers.set(index, merged);
        else providers.add(merged);
    }

    private static String httpUrl(String url, String where) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where, "not a URL: '" + url + "'");
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new ConfigException(where, "expected an http:// or https:// URL, got '" + url + "'");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Every service account needs a project: the provider's, or its key file's. */
    private static void checkProjects(ProviderConfig p, String path) {
        if (p.type() != ProviderType.VERTEX || p.vertex().flatMap(VertexSettings::projectId).isPresent()) return;
        for (Credential c : p.credentials()) {
            if (parse(c.secret(), path).projectId().isEmpty()) {
                throw new ConfigException(path + ".project_id", "required: the key of " + c.id()
                        + " names no project_id (or set GCP_PROJECT_ID)");
            }
        }
    }
}
