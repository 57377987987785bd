package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.routing.RouteRule;
import dev.switchboard.routing.RoutingConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The routing section and its environment variables: parsing, defaults, and errors that name the path. */
class RoutingConfigTest {
    static final String PROVIDERS = """
            providers:
              - {type: gemini, keys: [k1]}
              - {type: vertex_express, name: vertex, keys: [k2]}
            """;

    static RoutingConfig load(String yaml, Map<String, String> env) {
        return new ConfigLoader(new Env(env)).parse(yaml, Optional.empty()).routing();
    }

    static RoutingConfig load(String yaml) {
        return load(yaml, Map.of());
    }

    @Test
    void withoutARoutingSectionOnlyTheBuiltInAliasesApply() {
        RoutingConfig r = load("{}");

        assertThat(r.builtinAliases()).isTrue();
        assertThat(r.aliases()).isEmpty();
        assertThat(r.defaultModel()).isEmpty();
        assertThat(r.rules()).isEmpty();
        assertThat(r.fallbacks()).isEmpty();
        assertThat(r.effectiveAliases()).containsEntry("gpt-4o", "gemini-2.5-flash");
    }

    @Test
    void everySettingIsRead() {
        RoutingConfig r = load(PROVIDERS + """
                routing:
                  builtin_aliases: false
                  aliases: {gpt-4o: gemini-2.5-pro, fast: gemini-2.5-flash-lite}
                  default_model: gemini-2.5-flash
                  rules:
                    - {match: "vertex-*", provider: vertex, strip_prefix: "vertex-", priority: 10}
                    - {match: cheap, provider: gemini, upstream_model: gemini-2.5-flash-lite}
                    - {match: "*", provider: gemini}
                  fallbacks:
                    gemini-2.5-pro: [gemini-2.5-flash, gemini-2.0-flash]
                    gemini-2.5-flash: gemini-2.0-flash
                """);

        assertThat(r.builtinAliases()).isFalse();
        assertThat(r.aliases()).containsExactly(Map.entry("gpt-4o", "gemini-2.5-pro"), Map.entry("fast", "gemini-2.5-flash-lite"));
        assertThat(r.effectiveAliases()).doesNotContainKey("o3");
        assertThat(r.defaultModel()).contains("gemini-2.5-flash");
        assertThat(r.rules()).containsExactly(
                new RouteRule("vertex-*", "vertex", new RouteRule.Rewrite.StripPrefix("vertex-"), 10),
                new RouteRule("cheap", "gemini", new RouteRule.Rewrite.Replace("gemini-2.5-flash-lite"), 0),
                new RouteRule("*", "gemini", new RouteRule.Rewrite.Keep(), 0));
        assertThat(r.fallbacks()).containsEntry("gemini-2.5-pro", List.of("gemini-2.5-flash", "gemini-2.0-flash"))
                .containsEntry("gemini-2.5-flash", List.of("gemini-2.0-flash"));
    }

    @Test
    void environmentVariablesApplyOnTopOfTheFile() {
        RoutingConfig r = load("""
                routing:
                  aliases: {gpt-4o: gemini-2.5-pro, keep: gemini-2.0-flash}
                  default_model: gemini-2.5-pro
                """, Map.of("DEFAULT_MODEL", "gemini-2.5-flash", "MODEL_ALIASES", "gpt-4o = gemini-2.5-flash, claude=gemini-2.5-pro",
                "BUILTIN_MODEL_ALIASES", "false"));

        assertThat(r.defaultModel()).contains("gemini-2.5-flash");
        assertThat(r.aliases()).containsEntry("gpt-4o", "gemini-2.5-flash").containsEntry("claude", "gemini-2.5-pro")
                .containsEntry("keep", "gemini-2.0-flash");
        assertThat(r.builtinAliases()).isFalse();
    }

    @Test
    void aRuleNamingAnUnknownProviderIsRejectedWithItsPath() {
        assertThatThrownBy(() -> load(PROVIDERS + """
                routing:
                  rules:
                    - {match: "gemini-*", provider: gemini}
                    - {match: "claude-*", provider: anthropic}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("routing.rules[1].provider").hasMessageContaining("anthropic")
                .hasMessageContaining("gemini, vertex");
    }

    @Test
    void aRuleForAProviderFromTheEnvironmentIsAccepted() {
        RoutingConfig r = load("routing: {rules: [{match: '*', provider: gemini}]}", Map.of("GEMINI_API_KEYS", "k"));

        assertThat(r.rules()).hasSize(1);
    }

    @Test
    void anEmptyGlobIsRejected() {
        assertThatThrownBy(() -> load(PROVIDERS + "routing: {rules: [{match: '', provider: gemini}]}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("routing.rules[0].match");
    }

    @Test
    void aRuleWithBothRewritesIsRejected() {
        assertThatThrownBy(() -> load(PROVIDERS + """
                routing: {rules: [{match: "v-*", provider: vertex, strip_prefix: "v-", upstream_model: x}]}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("routing.rules[0]").hasMessageContaining("not both");
    }

    @Test
    void aPrefixNoMatchingNameCanHaveIsRejected() {
        assertThatThrownBy(() -> load(PROVIDERS + """
                routing: {rules: [{match: "vertex-*", provider: vertex, strip_prefix: "vtx-"}]}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("routing.rules[0].strip_prefix");
    }

    @Test
    void unknownRuleSettingsAreRejected() {
        assertThatThrownBy(() -> load(PROVIDERS + "routing: {rules: [{match: x, provider: gemini, weight: 3}]}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("routing.rules[0].weight");
    }

    @Test
    void anAliasCycleIsRejected() {
        assertThatThrownBy(() -> load("routing: {aliases: {a: b, b: c, c: a}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("routing.aliases.a").hasMessageContaining("a → b → c → a");
    }

    @Test
    void anAliasCycleThroughABuiltInAliasIsRejectedAndExplained() {
        assertThatThrownBy(() -> load("routing: {aliases: {gemini-2.5-flash: gpt-4o}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("routing.aliases.gemini-2.5-flash")
                .hasMessageContaining("built-in");
        assertThat(load("routing: {builtin_aliases: false, aliases: {gemini-2.5-flash: gpt-4o}}").aliases()).hasSize(1);
    }

    @Test
    void anAliasOfItselfIsRejected() {
        assertThatThrownBy(() -> load("{}", Map.of("MODEL_ALIASES", "x=x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEL_ALIASES");
    }

    @Test
    void aMalformedAliasListIsRejected() {
        assertThatThrownBy(() -> load("{}", Map.of("MODEL_ALIASES", "gpt-4o:gemini-2.5-pro")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEL_ALIASES").hasMessageContaining("alias=model");
    }

    @Test
    void anAliasWithoutAModelIsRejected() {
        assertThatThrownBy(() -> load("routing: {aliases: {gpt-4o: ''}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("routing.aliases.gpt-4o");
    }

    @Test
    void aFallbackToItselfOrAnEmptyChainIsRejected() {
        assertThatThrownBy(() -> load("routing: {fallbacks: {gemini-2.5-pro: [gemini-2.5-flash, gemini-2.5-pro]}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("routing.fallbacks.gemini-2.5-pro")
                .hasMessageContaining("itself");
        assertThatThrownBy(() -> load("routing: {fallbacks: {gemini-2.5-pro: []}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("routing.fallbacks.gemini-2.5-pro");
    }

    @Test
    void unknownRoutingSettingsAreRejected() {
        assertThatThrownBy(() -> load("routing: {default: gemini-2.5-flash}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("routing.default").hasMessageContaining("default_model");
    }
}
