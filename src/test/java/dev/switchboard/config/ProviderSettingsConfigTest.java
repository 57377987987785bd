package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.credential.ModelAlias;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible and OnDemand provider settings, from YAML and from the environment. */
class ProviderSettingsConfigTest {

    static GatewayConfig parse(String yaml, Map<String, String> env) {
        return new ConfigLoader(new Env(env)).parse(yaml, Optional.empty());
    }

    @Test
    void openAiProviderWithReasoningTagsAndPerCredentialBaseUrl() {
        GatewayConfig c = parse("""
                providers:
                  - type: openai
                    name: deepseek
                    base_url: https://api.deepseek.com/v1/
                    reasoning_tags: [think, {open: "<|begin_of_thought|>", close: "<|end_of_thought|>"}]
                    credentials:
                      - key: sk-one-000000000000
                        base_url: https://eu.example.com/v1
                """, Map.of());
        ProviderConfig p = c.provider("deepseek").orElseThrow();
        assertThat(p.type()).isEqualTo(ProviderType.OPENAI);
        assertThat(p.baseUrl()).isEqualTo("https://api.deepseek.com/v1");
        assertThat(p.reasoningTags()).containsExactly(new ReasoningTagPair("<think>", "</think>"),
                new ReasoningTagPair("<|begin_of_thought|>", "<|end_of_thought|>"));
        assertThat(p.credentials().getFirst().baseUrl()).contains("https://eu.example.com/v1");
        assertThat(p.onDemand()).isEmpty();
    }

    @Test
    void environmentShortFormsCreateBothProviders() {
        GatewayConfig c = parse("{}", Map.of("OPENAI_API_KEYS", "sk-a-0000000000000,sk-b-0000000000000",
                "OPENAI_BASE_URL", "http://localhost:11434/v1/", "ONDEMAND_APIKEYS", "od-1-000000000000, od-2-000000000000"));
        ProviderConfig openai = c.provider("openai").orElseThrow();
        assertThat(openai.credentials()).hasSize(2);
        assertThat(openai.baseUrl()).isEqualTo("http://localhost:11434/v1");
        ProviderConfig od = c.provider("ondemand").orElseThrow();
        assertThat(od.type()).isEqualTo(ProviderType.ONDEMAND);
        assertThat(od.baseUrl()).isEqualTo("https://api.on-demand.io/chat/v1");
        assertThat(od.credentials()).extracting(cr -> cr.secret()).containsExactly("od-1-000000000000", "od-2-000000000000");
        assertThat(od.onDemand().orElseThrow().endpoints()).isEqualTo(OnDemandSettings.DEFAULT_ENDPOINTS);
        assertThat(od.credentials().getFirst().models()).contains(new ModelAlias("predefined-openai-gpt4o", "gpt-4o"));
    }

    @Test
    void environmentKeysJoinTheProviderOfTheirNameWhereItStands() {
        GatewayConfig c = parse("""
                providers:
                  - {name: gemini, type: gemini, keys: [AIza-yaml-000000000000001]}
                  - {name: openai, type: openai, keys: [sk-yaml-0000000000001]}
                """, Map.of("GEMINI_API_KEYS", "AIza-yaml-000000000000001,AIza-env-0000000000000002",
                "GEMINI_BASE_URL", "http://127.0.0.1:9999/"));
        assertThat(c.providers()).extracting(ProviderConfig::name).containsExactly("gemini", "openai");
        ProviderConfig gemini = c.providers().getFirst();
        assertThat(gemini.baseUrl()).isEqualTo("http://127.0.0.1:9999");
        assertThat(gemini.credentials()).extracting(cr -> cr.secret())
                .containsExactly("AIza-yaml-000000000000001", "AIza-env-0000000000000002");
        assertThat(c.providers().get(1).credentials()).hasSize(1);
    }

    @Test
    void onDemandSettingsAddToTheDefaultsAndSurviveEnvironmentKeys() {
        GatewayConfig c = parse("""
                providers:
                  - type: ondemand
                    keys: [od-yaml-00000000000]
                    endpoints: {gpt-4o: predefined-openai-gpt4o-mini, my-llama: byoi-1234}
                    session_idle_timeout: 90s
                    external_user_id: team-42
                    plugin_ids: [plugin-1713924030]
                    reasoning_tags: [think]
                    credentials:
                      - key: od-own-models-000000
                        models: [predefined-claude-4-sonnet]
                """, Map.of("ONDEMAND_API_KEYS", "od-env-000000000000"));
        ProviderConfig p = c.provider("ondemand").orElseThrow();
        OnDemandSettings s = p.onDemand().orElseThrow();
        assertThat(s.endpoints()).containsEntry("gpt-4o", "predefined-openai-gpt4o-mini").containsEntry("my-llama", "byoi-1234")
                .containsEntry("o3", "predefined-openai-gpto3").hasSize(9);
        assertThat(s.sessionIdleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.externalUserId()).isEqualTo("team-42");
        assertThat(s.pluginIds()).containsExactly("plugin-1713924030");
        assertThat(p.reasoningTags()).hasSize(1);
        assertThat(p.credentials()).hasSize(3);
        assertThat(p.credentials().get(0).upstreamModel("my-llama")).contains("byoi-1234");
        assertThat(p.credentials().get(0).upstreamModel("mistral")).isEmpty();
        assertThat(p.credentials().get(1).models()).containsExactly(new ModelAlias("predefined-claude-4-sonnet", "predefined-claude-4-sonnet"));
        assertThat(p.credentials().get(2).secret()).isEqualTo("od-env-000000000000");
        assertThat(p.credentials().get(2).upstreamModel("gpt-4o")).contains("predefined-openai-gpt4o-mini");
    }

    @Test
    void settingsOfOneProviderTypeAreUnknownOnAnother() {
        assertThatThrownBy(() -> parse("""
                providers:
                  - type: openai
                    keys: [k-0000000000000]
                    session_idle_timeout: 5m
                """, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("providers[0].session_idle_timeout: unknown setting");
        assertThatThrownBy(() -> parse("""
                providers:
                  - type: gemini
                    keys: [k-0000000000000]
                    reasoning_tags: [think]
                """, Map.of())).hasMessageStartingWith("providers[0].reasoning_tags: unknown setting");
    }

    @Test
    void badValuesNameTheirPath() {
        assertThatThrownBy(() -> parse("""
                providers:
                  - type: openai
                    reasoning_tags: ["<think>"]
                """, Map.of())).hasMessageStartingWith("providers[0].reasoning_tags[0]:");
        assertThatThrownBy(() -> parse("""
                providers:
                  - type: ondemand
                    endpoints: {gpt-4o: ""}
                """, Map.of())).hasMessageStartingWith("providers[0].endpoints.gpt-4o:");
        assertThatThrownBy(() -> parse("""
                providers:
                  - type: ondemand
                    session_idle_timeout: soon
                """, Map.of())).hasMessageStartingWith("providers[0].session_idle_timeout:");
        assertThatThrownBy(() -> parse("""
                providers:
                  - type: openai
                    reasoning_tags: [{open: "<t>"}]
                """, Map.of())).hasMessageStartingWith("providers[0].reasoning_tags[0].close: required");
    }
}
