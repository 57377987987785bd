package dev.switchboard.config;

import dev.switchboard.credential.RedisUrl;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where credential-pool state lives ({@code state:} in YAML). {@code MEMORY}: in this process (one replica).
 * {@code REDIS}: shared by every replica with the same {@code redisUrl} and {@code keyPrefix}; each Redis operation
 * waits at most {@code timeout} before this replica goes on alone, and Redis is checked every {@code probeInterval}
 * until it is back. {@code redisCas}: certificate authorities a {@code rediss://} connection trusts besides the
 * system's ({@code state.ca_file}), empty for none; {@code redisClientCertificate}: the certificate it presents
 * when Redis asks for one ({@code state.client_cert_file} and {@code state.client_key_file}).
 */
public record StateConfig(Store store, Optional<RedisUrl> redisUrl, String keyPrefix, Duration timeout,
                          Duration probeInterval, List<X509Certificate> redisCas,
                          Optional<ClientCertificate> redisClientCertificate) {
    public StateConfig {
        redisCas = List.copyOf(redisCas);
    }

    public enum Store { MEMORY, REDIS }

    public static final String DEFAULT_KEY_PREFIX = "switchboard";

    public static StateConfig inMemory() {
        return new StateConfig(Store.MEMORY, Optional.empty(), DEFAULT_KEY_PREFIX, Duration.ofMillis(200), Duration.ofSeconds(1),
                List.of(), Optional.empty());
    }
}
