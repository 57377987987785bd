package dev.switchboard.config;

import dev.switchboard.credential.RateLimit;
import dev.switchboard.credential.RedisUrl;
import dev.switchboard.credential.Secrets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the settings for running several replicas: {@code state:}, {@code rate_limits} and {@code client_key_limits}. */
final class ScaleOutSettings {
    private ScaleOutSettings() {}

    /** {@code state:}; {@code REDIS_URL} sets the URL and, unless {@code state.store} says otherwise, selects Redis. */
    static StateConfig state(ConfigNode n, Env env) {
        n.allowOnly(Set.of("store", "redis_url", "key_prefix", "timeout", "probe_interval", "ca_file",
                "client_cert_file", "client_key_file", "client_key_password"));
        StateConfig d = StateConfig.inMemory();
        Optional<RedisUrl> url = env.get("REDIS_URL").map(u -> redisUrl("REDIS_URL", u))
                .or(() -> n.get("redis_url").string().map(u -> redisUrl(n.get("redis_url").path(), u)));
        StateConfig.Store store = n.get("store").string().map(s -> switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "memory" -> StateConfig.Store.MEMORY;
            case "redis" -> StateConfig.Store.REDIS;
            default -> throw n.get("store").error("expected memory or redis, got '" + s + "'");
        }).orElse(url.isPresent() ? StateConfig.Store.REDIS : StateConfig.Store.MEMORY);
        if (store == StateConfig.Store.REDIS && url.isEmpty()) {
            throw n.get("redis_url").error("required when state.store is redis (or set REDIS_URL)");
        }
        String prefix = n.get("key_prefix").string(d.keyPrefix());
        if (prefix.isBlank() || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw n.get("key_prefix").error("must be non-empty, without spaces");
        }
        Duration timeout = positive(n.get("timeout"), d.timeout());
        Duration probe = positive(n.get("probe_interval"), d.probeInterval());
        return new StateConfig(store, url, prefix, timeout, probe, redisCas(n, env, url), redisClientCertificate(n, env, url));
    }

    /**
     * {@code state.client_cert_file} and {@code state.client_key_file} (or {@code REDIS_CLIENT_CERT_FILE} and
     * {@code REDIS_CLIENT_KEY_FILE}): PEM files of the certificate a {@code rediss://} connection presents when
     * Redis asks for one ({@code tls-auth-clients}, on by default in a TLS Redis). Both or neither; read now, so a
     * wrong path stops start-up naming the setting. An encrypted key is decrypted now with
     * {@code state.client_key_password} (or {@code REDIS_CLIENT_KEY_PASSWORD}); whether the key parses is checked
     * when the store is built.
     */
    private static Optional<ClientCertificate> redisClientCertificate(ConfigNode n, Env env, Optional<RedisUrl> url) {
        Optional<PemFiles.Named> cert = PemFiles.named(env, "REDIS_CLIENT_CERT_FILE", n.get("client_cert_file"));
        Optional<PemFiles.Named> key = PemFiles.named(env, "REDIS_CLIENT_KEY_FILE", n.get("client_key_file"));
        String passwordWhere = n.get("client_key_password").path() + " (or REDIS_CLIENT_KEY_PASSWORD)";
        Optional<String> password = env.get("REDIS_CLIENT_KEY_PASSWORD")
                .or(() -> n.get("client_key_password").string().filter(p -> !p.isEmpty()));
        if (cert.isEmpty() && key.isEmpty()) {
            // as a password for a key that is not encrypted is an error, so is one for no key at all
            if (password.isPresent()) {
                throw new ConfigException(passwordWhere, "set, but there is no client key to decrypt: set "
                        + n.get("client_key_file").path() + " (or REDIS_CLIENT_KEY_FILE) and "
                        + n.get("client_cert_file").path() + " (or REDIS_CLIENT_CERT_FILE), or remove it");
            }
            return Optional.empty();
        }
        if (cert.isEmpty()) {
            throw new ConfigException(n.get("client_cert_file").path() + " (or REDIS_CLIENT_CERT_FILE)",
                    "required with " + key.get().where() + ": the certificate of that key");
        }
        if (key.isEmpty()) {
            throw new ConfigException(n.get("client_key_file").path() + " (or REDIS_CLIENT_KEY_FILE)",
                    "required with " + cert.get().where() + ": the certificate's private key");
        }
        requireTls(cert.get().where(), url);
        String certPem = PemFiles.read(cert.get());
        CaCertificates.parse(certPem, cert.get());
        String keyPem = PemFiles.read(key.get());
        if (!keyPem.contains("PRIVATE KEY-----")) {
            throw new ConfigException(key.get().where(),
                    "no PEM private key (-----BEGIN PRIVATE KEY-----, RSA or EC) in " + key.get().file());
        }
        keyPem = PrivateKeys.decrypted(keyPem, password, key.get().where(), passwordWhere);
        return Optional.of(new ClientCertificate(certPem, keyPem, cert.get().where() + " and " + key.get().where()));
    }

    private static void requireTls(String where, Optional<RedisUrl> url) {
        if (url.isEmpty() || !url.get().tls()) {
            throw new ConfigException(where, "only used with a rediss:// Redis URL (REDIS_URL or state.redis_url)"
                    + url.map(u -> ", and the URL given is " + u.masked()).orElse(", and none is given"));
        }
    }

    /**
     * {@code state.ca_file} / {@code REDIS_CA_FILE}: authorities a {@code rediss://} connection trusts besides the
     * system's (a managed Redis with its own server CA, such as Memorystore's in-transit encryption). Without a TLS
     * Redis URL to use it on, it is a mistake, and start-up says so.
     */
    private static List<X509Certificate> redisCas(ConfigNode n, Env env, Optional<RedisUrl> url) {
        Optional<PemFiles.Named> file = PemFiles.named(env, "REDIS_CA_FILE", n.get("ca_file"));
        if (file.isEmpty()) return List.of();
        requireTls(file.get().where(), url);
        return CaCertificates.read(file.get());
    }

    /** {@code rate_limits} of each provider and its credentials, and {@code server.client_key_limits}. */
    static RateLimitConfig rateLimits(ConfigNode root, List<ProviderConfig> providers, List<String> clientKeys) {
        Map<String, RateLimitConfig.ProviderLimits> byProvider = new HashMap<>();
        List<ConfigNode> nodes = root.get("providers").list();
        for (int i = 0; i < nodes.size() && i < providers.size(); i++) {
            ConfigNode p = nodes.get(i);
            String name = providers.get(i).name();
            Map<String, RateLimit> byId = new HashMap<>();
            for (ConfigNode c : p.get("credentials").list()) {
                if (!c.get("rate_limits").present()) continue;
                String key = c.get("key").string().orElse("");
                byId.put(c.get("id").string().orElse(Secrets.derivedId(name, key)), rateLimits(c.get("rate_limits")));
            }
            RateLimit all = rateLimits(p.get("rate_limits"));
            if (all.limited() || !byId.isEmpty()) byProvider.put(name, new RateLimitConfig.ProviderLimits(all, byId));
        }
        Map<String, RateLimit> byKey = new HashMap<>();
        RateLimit others = RateLimit.NONE;
        ConfigNode limits = root.get("server").get("client_key_limits");
        if (limits.present() && clientKeys.isEmpty()) {
            throw limits.error("needs client keys (server.client_keys or SWITCHBOARD_API_KEYS): an open gateway cannot tell clients apart");
        }
        for (ConfigNode e : limits.list()) {
            e.allowOnly(Set.of("key", "rpm", "tpm"));
            String key = e.get("key").string().orElseThrow(() -> e.get("key").error("required: a client key, or \"*\" for every other key"));
            RateLimit l = limit(e);
            if (key.equals("*")) others = l;
            else if (!clientKeys.contains(key)) throw e.get("key").error("not one of the client keys (server.client_keys or SWITCHBOARD_API_KEYS)");
            else byKey.put(key, l);
        }
        return new RateLimitConfig(byProvider, byKey, others);
    }

    /** {@code {rpm: N, tpm: N}}, either optional. */
    private static RateLimit rateLimits(ConfigNode n) {
        n.allowOnly(Set.of("rpm", "tpm"));
        return limit(n);
    }

    private static RateLimit limit(ConfigNode n) {
        if (!n.present()) return RateLimit.NONE;
        return new RateLimit(n.get("rpm").longValue(0, 0), n.get("tpm").longValue(0, 0));
    }

    private static RedisUrl redisUrl(String path, String url) {
        try {
            return RedisUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, e.getMessage());
        }
    }

    private static Duration positive(ConfigNode n, Duration fallback) {
        Duration d = n.duration(fallback);
        if (d.isZero() || d.isNegative()) throw n.error("must be greater than zero");
        return d;
    }
}
