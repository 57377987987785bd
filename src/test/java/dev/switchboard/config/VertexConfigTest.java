package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.credential.Credential;
import dev.switchboard.testing.ServiceAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way of configuring Vertex AI: YAML, the environment short forms, and their errors. */
class VertexConfigTest {
    static final String SA1 = ServiceAccounts.keyJson(ServiceAccounts.keyPair(0), "one@proj-a.iam.gserviceaccount.com", "proj-a", "https://t/token");
    static final String SA2 = ServiceAccounts.keyJson(ServiceAccounts.keyPair(1), "two@proj-b.iam.gserviceaccount.com", "proj-b", "https://t/token");
    static final String NO_PROJECT = ServiceAccounts.keyJson(ServiceAccounts.keyPair(2), "three@x.iam.gserviceaccount.com", null, "https://t/token");

    @TempDir
    Path dir;

    static GatewayConfig load(String yaml, Map<String, String> env) {
        return new ConfigLoader(new Env(env)).parse(yaml, Optional.empty());
    }

    static List<String> names(GatewayConfig c) {
        return c.providers().stream().map(ProviderConfig::name).toList();
    }

    @Test
    void expressKeysFromBothVariablesMakeOneProvider() {
        GatewayConfig c = load("{}", Map.of("VERTEX_EXPRESS_API_KEY", "AQ.express-key-0001-aaaa, AQ.express-key-0002-bbbb",
                "EXPRESS", "AQ.express-key-0003-cccc,AQ.express-key-0001-aaaa"));

        ProviderConfig p = c.provider("vertex_express").orElseThrow();
        assertThat(p.type()).isEqualTo(ProviderType.VERTEX_EXPRESS);
        assertThat(p.baseUrl()).isEqualTo("https://aiplatform.googleapis.com");
        assertThat(p.credentials()).extracting(Credential::secret)
                .containsExactly("AQ.express-key-0001-aaaa", "AQ.express-key-0002-bbbb", "AQ.express-key-0003-cccc");
        assertThat(p.credentials()).allSatisfy(cr -> assertThat(cr.id()).doesNotContain("express-key"));
    }

    @Test
    void serviceAccountsFromEnvironmentWithProjectLocationAndRotation() throws Exception {
        Files.writeString(dir.resolve("b.json"), SA2);
        Files.writeString(dir.resolve("notes.txt"), "not a key");
        Map<String, String> env = Map.of("GOOGLE_CREDENTIALS_JSON", SA1, "CREDENTIALS_DIR", dir.toString(),
                "GCP_PROJECT_ID", "override-proj", "GCP_LOCATION", "europe-west4", "ROUNDROBIN", "true");

        ProviderConfig p = load("{}", env).provider("vertex").orElseThrow();

        assertThat(p.type()).isEqualTo(ProviderType.VERTEX);
        assertThat(p.credentials()).extracting(Credential::id)
                .containsExactly("vertex:one@proj-a.iam.gserviceaccount.com", "vertex:two@proj-b.iam.gserviceaccount.com");
        assertThat(p.strategy()).isEqualTo("round_robin");
        assertThat(p.baseUrl()).isEqualTo("https://europe-west4-aiplatform.googleapis.com");
        VertexSettings v = p.vertex().orElseThrow();
        assertThat(v.location()).isEqualTo("europe-west4");
        assertThat(v.projectId()).contains("override-proj");
        assertThat(v.direct()).isFalse();
    }

    @Test
    void defaultsAreUsCentral1FirstHealthyAndTheKeysOwnProject() {
        ProviderConfig p = load("{}", Map.of("GOOGLE_CREDENTIALS_JSON", SA1 + "," + SA2)).provider("vertex").orElseThrow();

        assertThat(p.credentials()).hasSize(2);
        assertThat(p.strategy()).isEqualTo("fill_first");
        assertThat(p.baseUrl()).isEqualTo("https://us-central1-aiplatform.googleapis.com");
        assertThat(p.vertex().orElseThrow().projectId()).isEmpty();

        ProviderConfig global = load("{}", Map.of("GOOGLE_CREDENTIALS_JSON", SA1, "GCP_LOCATION", "global"))
                .provider("vertex").orElseThrow();
        assertThat(global.baseUrl()).isEqualTo("https://aiplatform.googleapis.com");
    }

    @Test
    void expressFromTheEnvironmentComesBeforeServiceAccounts() {
        String yaml = """
                providers:
                  - type: gemini
                    keys: [AIzaSy-gemini-key-000000000]
                  - type: vertex
                    credentials:
                      - key: '%s'
                """.formatted(SA1);
        GatewayConfig c = load(yaml, Map.of("VERTEX_EXPRESS_API_KEY", "AQ.express-key-0001-aaaa"));
        assertThat(names(c)).containsExactly("gemini", "vertex_express", "vertex");

        GatewayConfig envOnly = load("{}", Map.of("GOOGLE_CREDENTIALS_JSON", SA1, "EXPRESS", "AQ.express-key-0001-aaaa"));
        assertThat(names(envOnly)).containsExactly("vertex_express", "vertex");
    }

    @Test
    void yamlProviderWithKeyAsMappingDirectModeAndReasoningTags() throws Exception {
        Files.writeString(dir.resolve("sa.json"), SA2);
        String yaml = """
                providers:
                  - type: vertex
                    name: vertex-eu
                    location: global
                    project_id: my-proj
                    direct: true
                    reasoning_tags: [think, {open: "<thought>", close: "</thought>"}]
                    strategy: round_robin
                    credentials_dir: %s
                    credentials:
                      - key: %s
                        proxy_url: socks5://127.0.0.1:1080
                """.formatted(dir, SA1);

        ProviderConfig p = load(yaml, Map.of()).provider("vertex-eu").orElseThrow();

        assertThat(p.baseUrl()).isEqualTo("https://aiplatform.googleapis.com");
        assertThat(p.credentials()).extracting(Credential::id)
                .containsExactly("vertex-eu:one@proj-a.iam.gserviceaccount.com", "vertex-eu:two@proj-b.iam.gserviceaccount.com");
        assertThat(p.credentials().getFirst().proxy()).isPresent();
        assertThat(p.credentials().getFirst().secret()).contains("\"client_email\":\"one@proj-a.iam.gserviceaccount.com\"");
        VertexSettings v = p.vertex().orElseThrow();
        assertThat(v.direct()).isTrue();
        assertThat(v.projectId()).contains("my-proj");
        assertThat(p.reasoningTags()).containsExactly(new ReasoningTagPair("<think>", "</think>"),
                new ReasoningTagPair("<thought>", "</thought>"));
    }

    @Test
    void directModeExtractsThinkTagsUnlessToldOtherwise() {
        String yaml = "providers: [{type: vertex, direct: true, credentials: [{key: '%s'}]}]".formatted(SA1);
        assertThat(load(yaml, Map.of()).provider("vertex").orElseThrow().reasoningTags())
                .containsExactly(new ReasoningTagPair("<think>", "</think>"));
        String plain = "providers: [{type: vertex, credentials: [{key: '%s'}]}]".formatted(SA1);
        assertThat(load(plain, Map.of()).provider("vertex").orElseThrow().reasoningTags()).isEmpty();
    }

    @Test
    void environmentAppliesOnTopOfAYamlVertexProvider() {
        String yaml = """
                providers:
                  - type: vertex
                    base_url: http://127.0.0.1:9999
                    strategy: round_robin
                    credentials: [{key: '%s'}]
                """.formatted(SA1);
        Map<String, String> env = new HashMap<>(Map.of("GOOGLE_CREDENTIALS_JSON", SA2, "ROUNDROBIN", "false"));

        ProviderConfig p = load(yaml, env).provider("vertex").orElseThrow();

        assertThat(p.credentials()).hasSize(2);
        assertThat(p.strategy()).isEqualTo("fill_first");
        assertThat(p.baseUrl()).isEqualTo("http://127.0.0.1:9999");

        env.put("VERTEX_BASE_URL", "http://127.0.0.1:7777/");
        assertThat(load(yaml, env).provider("vertex").orElseThrow().baseUrl()).isEqualTo("http://127.0.0.1:7777");
    }

    @Test
    void errorsNameThePathAndNeverTheKey() {
        String secret = SA1.substring(SA1.indexOf("KEY-----") + 20, SA1.indexOf("KEY-----") + 60);
        assertThatThrownBy(() -> load("{}", Map.of("GOOGLE_CREDENTIALS_JSON", SA1 + ",{\"type\":\"service_account\"}")))
                .hasMessageStartingWith("GOOGLE_CREDENTIALS_JSON[1]").hasMessageContaining("client_email")
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> load("{}", Map.of("GOOGLE_CREDENTIALS_JSON", SA1.substring(0, 300))))
                .hasMessageStartingWith("GOOGLE_CREDENTIALS_JSON").hasMessageNotContaining(secret);
        assertThatThrownBy(() -> load("{}", Map.of("CREDENTIALS_DIR", dir.resolve("missing").toString())))
                .hasMessageStartingWith("CREDENTIALS_DIR");
        assertThatThrownBy(() -> load("{}", Map.of("GOOGLE_CREDENTIALS_JSON", SA1, "VERTEX_BASE_URL", "ftp://x")))
                .hasMessageStartingWith("VERTEX_BASE_URL");
        assertThatThrownBy(() -> load("{}", Map.of("GOOGLE_CREDENTIALS_JSON", SA1, "GCP_LOCATION", "evil.com/x")))
                .hasMessageStartingWith("GCP_LOCATION");
        assertThatThrownBy(() -> load("{}", Map.of("GOOGLE_CREDENTIALS_JSON", NO_PROJECT)))
                .hasMessageStartingWith("providers[0].project_id").hasMessageContaining("GCP_PROJECT_ID");
        assertThat(load("{}", Map.of("GOOGLE_CREDENTIALS_JSON", NO_PROJECT, "GCP_PROJECT_ID", "p")).providers()).hasSize(1);

        assertThatThrownBy(() -> load("providers: [{type: vertex, credentials: [{key: 'nope'}]}]", Map.of()))
                .hasMessageStartingWith("providers[0].credentials[0].key");
        assertThatThrownBy(() -> load("providers: [{type: vertex, locaton: us-east1}]", Map.of()))
                .hasMessageStartingWith("providers[0].locaton").hasMessageContaining("unknown setting");
        assertThatThrownBy(() -> load("providers: [{type: gemini, location: us-east1}]", Map.of()))
                .hasMessageStartingWith("providers[0].location");
        assertThatThrownBy(() -> load("providers: [{type: vertex, reasoning_tags: [['<think>']]}]", Map.of()))
                .hasMessageStartingWith("providers[0].reasoning_tags[0]");
        assertThatThrownBy(() -> load("providers: [{type: vertex, location: 'Us Central'}]", Map.of()))
                .hasMessageStartingWith("providers[0].location");
    }
}
