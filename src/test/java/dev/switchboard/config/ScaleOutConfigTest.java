package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.credential.RateLimit;
import dev.switchboard.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleOutConfigTest {
    static GatewayConfig parse(String yaml, Map<String, String> env) {
        return new ConfigLoader(new Env(env)).parse(yaml, Optional.empty());
    }

    @Test
    void stateIsInMemoryUnlessRedisIsConfigured() {
        GatewayConfig c = parse("{}", Map.of());

        assertThat(c.state().store()).isEqualTo(StateConfig.Store.MEMORY);
        assertThat(c.rateLimits()).isEqualTo(RateLimitConfig.NONE);
    }

    @Test
    void redisFromYamlWithItsSettings() {
        StateConfig s = parse("""
                state: {store: redis, redis_url: "rediss://:p%40ss@redis.internal:6380/2", key_prefix: prod, timeout: 150ms, probe_interval: 2s}
                """, Map.of()).state();

        assertThat(s.store()).isEqualTo(StateConfig.Store.REDIS);
        assertThat(s.redisUrl().orElseThrow().masked()).isEqualTo("rediss://:****@redis.internal:6380/2");
        assertThat(s.redisUrl().orElseThrow().password()).contains("p@ss");
        assertThat(s.keyPrefix()).isEqualTo("prod");
        assertThat(s.timeout()).isEqualTo(Duration.ofMillis(150));
        assertThat(s.probeInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void redisUrlFromTheEnvironmentSelectsRedisUnlessTheFileSaysMemory() {
        assertThat(parse("{}", Map.of("REDIS_URL", "redis://:pw@10.0.0.5")).state().store()).isEqualTo(StateConfig.Store.REDIS);
        assertThat(parse("state: {store: memory}", Map.of("REDIS_URL", "redis://:pw@10.0.0.5")).state().store())
                .isEqualTo(StateConfig.Store.MEMORY);
    }

    @Test
    void badStateSettingsNameThePathAndNeverThePassword() {
        assertThatThrownBy(() -> parse("state: {store: redis}", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("state.redis_url");
        assertThatThrownBy(() -> parse("state: {redis_url: \"http://:hunter2@x\"}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.redis_url").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse("{}", Map.of("REDIS_URL", "redis://:hunter2@x/notadb")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("REDIS_URL").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse("state: {store: etcd}", Map.of())).hasMessageContaining("state.store");
        assertThatThrownBy(() -> parse("state: {timeout: 0s, redis_url: \"redis://x\"}", Map.of())).hasMessageContaining("state.timeout");
    }

    @Test
    void aRedisCaFileIsReadForRedissFromTheFileOrTheEnvironment(@TempDir Path dir) {
        Path pem = TestCertificates.forAddress(dir, "127.0.0.1").pem();

        StateConfig fromYaml = parse("state: {redis_url: \"rediss://:pw@redis.internal\", ca_file: \"" + pem + "\"}",
                Map.of()).state();
        StateConfig fromEnv = parse("{}", Map.of("REDIS_URL", "rediss://:pw@redis.internal", "REDIS_CA_FILE", pem.toString()))
                .state();

        assertThat(fromYaml.redisCas()).hasSize(1);
        assertThat(fromYaml.redisCas().getFirst().getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.1");
        assertThat(fromEnv.redisCas()).isEqualTo(fromYaml.redisCas());
        assertThat(parse("{}", Map.of("REDIS_URL", "rediss://:pw@redis.internal")).state().redisCas()).isEmpty();
    }

    @Test
    void aRedisCaFileWithoutTlsOrThatCannotBeReadStopsStartUpNamingTheSetting(@TempDir Path dir) throws Exception {
        Path pem = TestCertificates.forAddress(dir, "127.0.0.1").pem();
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "not a certificate");

        assertThatThrownBy(() -> parse("{}", Map.of("REDIS_URL", "redis://:hunter2@x", "REDIS_CA_FILE", pem.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("REDIS_CA_FILE")
                .hasMessageContaining("rediss://").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse("state: {ca_file: \"" + pem + "\"}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.ca_file").hasMessageContaining("none is given");
        assertThatThrownBy(() -> parse("state: {redis_url: \"rediss://x\", ca_file: /nowhere/ca.pem}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.ca_file").hasMessageContaining("not found");
        assertThatThrownBy(() -> parse("{}", Map.of("REDIS_URL", "rediss://x", "REDIS_CA_FILE", notPem.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("REDIS_CA_FILE");
    }

    @Test
    void aRedisClientCertificateNeedsItsKeyTlsAndPemFiles(@TempDir Path dir) throws Exception {
        TestCertificates client = TestCertificates.create(dir, "switchboard-client");
        String cert = client.pem().toString();
        String key = client.privateKeyPem().toString();
        Map<String, String> tls = Map.of("REDIS_URL", "rediss://:hunter2@redis.internal");

        ClientCertificate c = parse("state: {client_cert_file: \"" + cert + "\", client_key_file: \"" + key + "\"}", tls)
                .state().redisClientCertificate().orElseThrow();
        assertThat(c.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(c.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(c.toString()).doesNotContain(c.privateKeyPem().substring(28, 60));
        assertThat(parse("{}", tls).state().redisClientCertificate()).isEmpty();

        assertThatThrownBy(() -> parse("state: {client_cert_file: \"" + cert + "\"}", tls))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.client_key_file");
        assertThatThrownBy(() -> parse("{}", Map.of("REDIS_URL", "rediss://x", "REDIS_CLIENT_KEY_FILE", key)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("REDIS_CLIENT_CERT_FILE");
        assertThatThrownBy(() -> parse("{}", Map.of("REDIS_URL", "redis://:hunter2@x", "REDIS_CLIENT_CERT_FILE", cert,
                "REDIS_CLIENT_KEY_FILE", key))).isInstanceOf(ConfigException.class).hasMessageContaining("rediss://")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse("{}", Map.of("REDIS_URL", "rediss://x", "REDIS_CLIENT_CERT_FILE", cert,
                "REDIS_CLIENT_KEY_FILE", cert))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("REDIS_CLIENT_KEY_FILE").hasMessageContaining("no PEM private key");
        assertThatThrownBy(() -> parse("{}", Map.of("REDIS_URL", "rediss://x", "REDIS_CLIENT_CERT_FILE", key,
                "REDIS_CLIENT_KEY_FILE", key))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("REDIS_CLIENT_CERT_FILE");
        assertThatThrownBy(() -> parse("{}", Map.of("REDIS_URL", "rediss://x", "REDIS_CLIENT_CERT_FILE", "/nowhere.pem",
                "REDIS_CLIENT_KEY_FILE", key))).isInstanceOf(ConfigException.class).hasMessageContaining("not found");
    }

    @Test
    void anEncryptedClientKeyIsDecryptedWithItsPassword(@TempDir Path dir) throws Exception {
        TestCertificates client = TestCertificates.create(dir, "switchboard-client");
        String cert = client.pem().toString();
        String plain = Files.readString(client.privateKeyPem());
        String encrypted = client.encryptedPrivateKeyPem("correct horse").toString();
        Map<String, String> env = new java.util.HashMap<>(Map.of("REDIS_URL", "rediss://x", "REDIS_CLIENT_CERT_FILE", cert,
                "REDIS_CLIENT_KEY_FILE", encrypted));

        Map<String, String> withPassword = new java.util.HashMap<>(env);
        withPassword.put("REDIS_CLIENT_KEY_PASSWORD", "correct horse");
        assertThat(parse("{}", withPassword).state().redisClientCertificate().orElseThrow().privateKeyPem()).isEqualTo(plain);
        assertThat(parse("state: {client_key_password: 'correct horse'}", env).state().redisClientCertificate()
                .orElseThrow().privateKeyPem()).isEqualTo(plain);

        assertThatThrownBy(() -> parse("{}", env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("REDIS_CLIENT_KEY_FILE").hasMessageContaining("REDIS_CLIENT_KEY_PASSWORD");
        withPassword.put("REDIS_CLIENT_KEY_PASSWORD", "battery staple");
        assertThatThrownBy(() -> parse("{}", withPassword)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("REDIS_CLIENT_KEY_PASSWORD").hasMessageContaining("wrong password")
                .hasMessageNotContaining("battery");
        withPassword.put("REDIS_CLIENT_KEY_FILE", client.privateKeyPem().toString());
        assertThatThrownBy(() -> parse("{}", withPassword)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("REDIS_CLIENT_KEY_PASSWORD").hasMessageContaining("not encrypted");
        Path traditional = Files.writeString(dir.resolve("old.pem"), "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        env.put("REDIS_CLIENT_KEY_FILE", traditional.toString());
        assertThatThrownBy(() -> parse("{}", env)).isInstanceOf(ConfigException.class).hasMessageContaining("openssl pkcs8");
    }

    @Test
    void aClientKeyPasswordWithoutAClientKeyIsAMistake() {
        assertThatThrownBy(() -> parse("{}", Map.of("REDIS_URL", "rediss://x", "REDIS_CLIENT_KEY_PASSWORD", "hunter2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("REDIS_CLIENT_KEY_PASSWORD")
                .hasMessageContaining("REDIS_CLIENT_KEY_FILE").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse("state: {client_key_password: hunter2}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.client_key_password");
        assertThat(parse("state: {client_key_password: ''}", Map.of()).state().redisClientCertificate()).isEmpty();
    }

    /** The form OpenSSL writes ({@code openssl pkcs8 -topk8 -v2 aes-256-cbc}), not only the JDK's own. */
    @Test
    void aKeyEncryptedByOpenSslIsReadToo() {
        String dirOf = "/fixtures/keys/";
        String encrypted = resource(dirOf + "ec-pbes2-aes256.pem");
        String plain = resource(dirOf + "ec-pkcs8.pem");
        String decrypted = PrivateKeys.decrypted(encrypted, Optional.of("s3cret"), "key", "password");
        assertThat(decrypted.replaceAll("\\s", "")).isEqualTo(plain.replaceAll("\\s", ""));
    }

    static String resource(String name) {
        try (java.io.InputStream in = ScaleOutConfigTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.io.IOException | NullPointerException e) {
            throw new AssertionError("no test resource " + name, e);
        }
    }

    @Test
    void rateLimitsPerProviderPerCredentialAndPerClientKey() {
        GatewayConfig c = parse("""
                server:
                  client_keys: [sk-a, sk-b]
                  client_key_limits:
                    - {key: sk-a, rpm: 60, tpm: 100000}
                    - {key: "*", rpm: 10}
                providers:
                  - type: gemini
                    rate_limits: {rpm: 5}
                    keys: [AIzaKEY-plain-00000000000000000001]
                    credentials:
                      - {id: big, key: AIzaKEY-big-000000000000000000002, rate_limits: {rpm: 100, tpm: 1000000}}
                      - {id: free, key: AIzaKEY-free-00000000000000000003, rate_limits: {rpm: 0}}
                """, Map.of());
        ProviderConfig gemini = c.provider("gemini").orElseThrow();

        Map<String, RateLimit> limits = c.rateLimits().forCredentials("gemini", gemini.credentials());

        assertThat(limits).containsEntry("big", new RateLimit(100, 1_000_000))
                .containsEntry(gemini.credentials().getFirst().id(), new RateLimit(5, 0))
                .doesNotContainKey("free");
        assertThat(c.rateLimits().clientKeys()).containsExactlyEntriesOf(Map.of("sk-a", new RateLimit(60, 100_000)));
        assertThat(c.rateLimits().otherClientKeys()).isEqualTo(new RateLimit(10, 0));
        assertThat(c.rateLimits().clientKeysLimited()).isTrue();
    }

    @Test
    void aClientKeyLimitMustNameAClientKey() {
        assertThatThrownBy(() -> parse("server: {client_keys: [sk-a], client_key_limits: [{key: sk-x, rpm: 1}]}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.client_key_limits[0].key");
        assertThatThrownBy(() -> parse("providers: [{type: gemini, rate_limits: {rps: 1}}]", Map.of()))
                .hasMessageContaining("providers[0].rate_limits.rps");
        assertThatThrownBy(() -> parse("server: {client_key_limits: [{key: \"*\", rpm: 1}]}", Map.of()))
                .hasMessageContaining("server.client_key_limits").hasMessageContaining("needs client keys");
        assertThat(parse("server: {client_key_limits: [{key: sk-a, rpm: 1}]}", Map.of("SWITCHBOARD_API_KEYS", "sk-a"))
                .rateLimits().clientKeys()).containsKey("sk-a");
    }

    @Test
    void theKubernetesExampleConfigurationIsValid() throws Exception {
        String yaml = null;
        try (var docs = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .<JsonNode>readValues(Path.of("deploy/kubernetes.yaml").toFile())) {
            while (docs.hasNext()) {
                JsonNode d = docs.next();
                if (d != null && d.path("kind").asText().equals("ConfigMap")) yaml = d.path("data").path("switchboard.yaml").asText();
            }
        }
        assertThat(yaml).isNotNull();

        GatewayConfig c = parse(yaml, Map.of("REDIS_URL", "redis://:pw@switchboard-redis:6379/0",
                "GEMINI_API_KEYS", "AIzaKEY-1-000000000000000000000001", "SWITCHBOARD_API_KEYS", "sk-team"));

        assertThat(c.state().store()).isEqualTo(StateConfig.Store.REDIS);
        assertThat(c.rateLimits().forCredentials("gemini", c.provider("gemini").orElseThrow().credentials()))
                .containsValue(new RateLimit(10, 0));
        assertThat(c.rateLimits().otherClientKeys()).isEqualTo(new RateLimit(600, 0));
    }
}
