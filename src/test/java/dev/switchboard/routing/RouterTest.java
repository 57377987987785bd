package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.credential.Credential;
import dev.switchboard.credential.ModelAlias;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The router as a pure function: settings and credentials in, plan out; no network. */
class RouterTest {
    static final RoutingConfig NONE = RoutingConfig.defaults();
    static final RoutingConfig NO_BUILTINS = new RoutingConfig(false, Map.of(), Optional.empty(), List.of(), Map.of());

    static Credential key(String provider, String secret) {
        return Credential.key(provider, secret);
    }

    static Credential listing(String provider, String secret, ModelAlias... models) {
        return new Credential(provider + "-" + secret, provider, secret, Optional.empty(), Optional.empty(),
                List.of(models), List.of(), 1, false);
    }

    static Credential excluding(String provider, String secret, String... globs) {
        return new Credential(provider + "-" + secret, provider, secret, Optional.empty(), Optional.empty(),
                List.of(), List.of(globs), 1, false);
    }

    static Credential disabled(String provider, String secret) {
        return new Credential(provider + "-" + secret, provider, secret, Optional.empty(), Optional.empty(),
                List.of(), List.of(), 1, true);
    }

    static RoutedProvider google(String name, Credential... creds) {
        return new RoutedProvider(name, Arrays.asList(creds), RoutedProvider.GOOGLE_MODELS);
    }

    static RoutedProvider anyModel(String name, Credential... creds) {
        return new RoutedProvider(name, Arrays.asList(creds), RoutedProvider.ANY_MODEL);
    }

    static RoutingConfig settings(Map<String, String> aliases, Optional<String> defaultModel, List<RouteRule> rules,
                                  Map<String, List<String>> fallbacks) {
        return new RoutingConfig(true, aliases, defaultModel, rules, fallbacks);
    }

    static RoutingConfig aliases(Map<String, String> aliases) {
        return settings(aliases, Optional.empty(), List.of(), Map.of());
    }

    static RoutingConfig rules(RouteRule... rules) {
        return settings(Map.of(), Optional.empty(), List.of(rules), Map.of());
    }

    static RouteRule rule(String match, String provider, int priority) {
        return new RouteRule(match, provider, new RouteRule.Rewrite.Keep(), priority);
    }

    static List<RouteTarget> targets(Router r, String model) {
        return r.plan(model).orElseThrow(() -> new AssertionError("no plan for " + model)).targets();
    }

    static RouteTarget t(String provider, String model) {
        return new RouteTarget(provider, model);
    }

    // --- serving directly, exclusions ---

    @Test
    void providersThatServeAModelAreTargetsInConfigurationOrder() {
        Router r = new Router(NONE, List.of(google("gemini", key("gemini", "a")), google("vertex", key("vertex", "b"))));

        RoutePlan plan = r.plan("gemini-2.5-pro").orElseThrow();

        assertThat(plan.targets()).containsExactly(t("gemini", "gemini-2.5-pro"), t("vertex", "gemini-2.5-pro"));
        assertThat(plan.requestedModel()).isEqualTo("gemini-2.5-pro");
        assertThat(plan.resolvedModel()).isEqualTo("gemini-2.5-pro");
    }

    @Test
    void aCredentialServesOnlyTheModelsItListsUnderTheirNameOrAlias() {
        Router r = new Router(NONE, List.of(
                google("gemini", listing("gemini", "a", new ModelAlias("gemini-2.5-pro", "pro"))),
                google("vertex", key("vertex", "b"))));

        assertThat(targets(r, "pro")).containsExactly(t("gemini", "pro"));
        assertThat(targets(r, "gemini-2.5-pro")).containsExactly(t("gemini", "gemini-2.5-pro"), t("vertex", "gemini-2.5-pro"));
        assertThat(targets(r, "gemini-2.5-flash")).containsExactly(t("vertex", "gemini-2.5-flash"));
    }

    @Test
    void aProviderWhoseEveryCredentialExcludesAModelIsNoTargetForIt() {
        Router r = new Router(NONE, List.of(
                google("gemini", excluding("gemini", "a", "gemini-2.5-pro*"), excluding("gemini", "b", "*-pro")),
                google("vertex", excluding("vertex", "c", "gemini-2.0-*"))));

        assertThat(targets(r, "gemini-2.5-pro")).containsExactly(t("vertex", "gemini-2.5-pro"));
        assertThat(targets(r, "gemini-2.0-flash")).containsExactly(t("gemini", "gemini-2.0-flash"));
    }

    @Test
    void oneCredentialThatDoesNotExcludeAModelKeepsItsProviderATarget() {
        Router r = new Router(NONE, List.of(google("gemini", excluding("gemini", "a", "gemini-2.5-pro"), key("gemini", "b"))));

        assertThat(targets(r, "gemini-2.5-pro")).containsExactly(t("gemini", "gemini-2.5-pro"));
    }

    @Test
    void disabledCredentialsServeNothing() {
        Router r = new Router(rules(RouteRule.to("*", "gemini")), List.of(google("gemini", disabled("gemini", "a"))));

        assertThat(r.plan("gemini-2.5-flash")).isEmpty();
        assertThat(r.unroutable("gemini-2.5-flash")).contains("No upstream credential is configured");
    }

    @Test
    void aGoogleKeyThatListsNothingServesGoogleNamesButNotOtherVendors() {
        Router r = new Router(NO_BUILTINS,
                List.of(google("gemini", key("gemini", "a"))));

        assertThat(r.plan("gemma-3-27b-it")).isPresent();
        assertThat(r.plan("text-embedding-004")).isPresent();
        assertThat(r.plan("gpt-4o")).isEmpty();
        assertThat(r.plan("mistral-large")).isEmpty();
    }

    // --- aliases ---

    @Test
    void aBuiltInAliasSendsAnOpenAiNameToTheGeminiModelAndThePlanKeepsTheRequestedName() {
        Router r = new Router(NONE, List.of(google("gemini", key("gemini", "a"))));

        RoutePlan plan = r.plan("gpt-4o").orElseThrow();

        assertThat(plan.requestedModel()).isEqualTo("gpt-4o");
        assertThat(plan.resolvedModel()).isEqualTo("gemini-2.5-flash");
        assertThat(plan.targets()).containsExactly(t("gemini", "gemini-2.5-flash"));
    }

    @Test
    void aProviderThatServesANameNativelyGetsItWithoutTheBuiltInAlias() {
        Router r = new Router(NONE, List.of(google("gemini", key("gemini", "a")), anyModel("openai", key("openai", "b"))));

        assertThat(targets(r, "gpt-4o")).containsExactly(t("openai", "gpt-4o"));
    }

    @Test
    void aCredentialThatListsANameBeatsTheBuiltInAlias() {
        Router r = new Router(NONE, List.of(google("gemini", key("gemini", "a")),
                anyModel("ondemand", listing("ondemand", "b", new ModelAlias("predefined-openai-gpt4o", "gpt-4o")))));

        assertThat(targets(r, "gpt-4o")).containsExactly(t("ondemand", "gpt-4o"));
    }

    @Test
    void aConfiguredAliasBeatsEvenAProviderThatServesTheName() {
        Router r = new Router(aliases(Map.of("gpt-4o", "gemini-2.5-pro")),
                List.of(google("gemini", key("gemini", "a")), anyModel("openai", key("openai", "b"))));

        RoutePlan plan = r.plan("gpt-4o").orElseThrow();

        assertThat(plan.resolvedModel()).isEqualTo("gemini-2.5-pro");
        assertThat(plan.targets()).containsExactly(t("gemini", "gemini-2.5-pro"), t("openai", "gemini-2.5-pro"));
    }

    @Test
    void configuredAliasesChainAndOverrideBuiltInOnes() {
        Router r = new Router(aliases(Map.of("gpt-4o-mini", "fast", "fast", "gemini-2.5-flash-lite", "o3", "gemini-2.5-flash")),
                List.of(google("gemini", key("gemini", "a"))));

        assertThat(targets(r, "gpt-4o-mini")).containsExactly(t("gemini", "gemini-2.5-flash-lite"));
        assertThat(targets(r, "o3")).containsExactly(t("gemini", "gemini-2.5-flash"));
    }

    @Test
    void builtInAliasesCanBeSwitchedOff() {
        Router r = new Router(NO_BUILTINS, List.of(google("gemini", key("gemini", "a"))));

        assertThat(r.plan("gpt-4o")).isEmpty();
    }

    @Test
    void anAliasWhoseModelNobodyServesHasNoPlan() {
        Router r = new Router(NONE, List.of(google("gemini", excluding("gemini", "a", "gemini-2.5-flash"))));

        assertThat(r.plan("gpt-4o")).isEmpty();
    }

    @Test
    void everyBuiltInAliasNamesAGeminiModel() {
        assertThat(BuiltinAliases.ALL).isNotEmpty();
        assertThat(BuiltinAliases.ALL.values()).allMatch(m -> m.startsWith("gemini-2.5-"));
        assertThat(BuiltinAliases.ALL.keySet()).noneMatch(BuiltinAliases.ALL::containsValue);
    }

    // --- rules ---

    @Test
    void theRuleWithTheHighestPriorityWins() {
        Router r = new Router(rules(rule("gemini-*", "vertex", 0), rule("gemini-2.5-*", "gemini", 10), rule("*", "backup", 5)),
                List.of(google("gemini", key("gemini", "a")), google("vertex", key("vertex", "b")), google("backup", key("backup", "c"))));

        assertThat(targets(r, "gemini-2.5-pro")).containsExactly(t("gemini", "gemini-2.5-pro"));
        assertThat(targets(r, "gemini-2.0-flash")).containsExactly(t("backup", "gemini-2.0-flash"));
    }

    @Test
    void amongRulesOfEqualPriorityTheOneListedFirstWins() {
        List<RoutedProvider> ps = List.of(google("gemini", key("gemini", "a")), google("vertex", key("vertex", "b")));

        Router vertexFirst = new Router(rules(rule("gemini-2.5-*", "vertex", 3), rule("gemini-*", "gemini", 3)), ps);
        Router geminiFirst = new Router(rules(rule("gemini-*", "gemini", 3), rule("gemini-2.5-*", "vertex", 3)), ps);

        assertThat(targets(vertexFirst, "gemini-2.5-pro")).containsExactly(t("vertex", "gemini-2.5-pro"));
        assertThat(targets(geminiFirst, "gemini-2.5-pro")).containsExactly(t("gemini", "gemini-2.5-pro"));
    }

    @Test
    void aRuleSendsToOneProviderEvenWhenOthersServeTheModel() {
        Router r = new Router(rules(RouteRule.to("gemini-2.5-pro", "vertex")),
                List.of(google("gemini", key("gemini", "a")), google("vertex", key("vertex", "b"))));

        assertThat(targets(r, "gemini-2.5-pro")).containsExactly(t("vertex", "gemini-2.5-pro"));
        assertThat(targets(r, "gemini-2.5-flash")).containsExactly(t("gemini", "gemini-2.5-flash"), t("vertex", "gemini-2.5-flash"));
    }

    @Test
    void aRuleCanStripAPrefixOrNameTheUpstreamModel() {
        Router r = new Router(rules(
                new RouteRule("vertex-*", "vertex", new RouteRule.Rewrite.StripPrefix("vertex-"), 0),
                new RouteRule("cheap", "gemini", new RouteRule.Rewrite.Replace("gemini-2.5-flash-lite"), 0)),
                List.of(google("gemini", key("gemini", "a")), google("vertex", key("vertex", "b"))));

        RoutePlan plan = r.plan("vertex-gemini-2.5-pro").orElseThrow();
        assertThat(plan.targets()).containsExactly(t("vertex", "gemini-2.5-pro"));
        assertThat(plan.requestedModel()).isEqualTo("vertex-gemini-2.5-pro");
        assertThat(targets(r, "cheap")).containsExactly(t("gemini", "gemini-2.5-flash-lite"));
    }

    @Test
    void aRuleWhoseProviderExcludesTheModelStepsAsideForTheNextRule() {
        Router r = new Router(rules(rule("gemini-*", "vertex", 10), rule("gemini-*", "gemini", 0)),
                List.of(google("gemini", key("gemini", "a")), google("vertex", excluding("vertex", "b", "gemini-2.0-*"))));

        assertThat(targets(r, "gemini-2.5-pro")).containsExactly(t("vertex", "gemini-2.5-pro"));
        assertThat(targets(r, "gemini-2.0-flash")).containsExactly(t("gemini", "gemini-2.0-flash"));
    }

    @Test
    void aRuleNamesAProviderForANameThatIsNotNativeToIt() {
        Router r = new Router(rules(RouteRule.to("my-tuned-model", "gemini")), List.of(google("gemini", key("gemini", "a"))));

        assertThat(targets(r, "my-tuned-model")).containsExactly(t("gemini", "my-tuned-model"));
    }

    @Test
    void rulesSeeTheNameAConfiguredAliasGaveAndBeatBuiltInAliases() {
        Router r = new Router(settings(Map.of("pro", "vertex-gemini-2.5-pro"), Optional.empty(), List.of(
                        new RouteRule("vertex-*", "vertex", new RouteRule.Rewrite.StripPrefix("vertex-"), 0),
                        RouteRule.to("gpt-*", "openai")), Map.of()),
                List.of(google("vertex", key("vertex", "b")), anyModel("openai", key("openai", "c"))));

        assertThat(targets(r, "pro")).containsExactly(t("vertex", "gemini-2.5-pro"));
        assertThat(targets(r, "gpt-4o")).containsExactly(t("openai", "gpt-4o"));
    }

    // --- default model ---

    @Test
    void anUnknownNameGetsTheDefaultModelWhenOneIsSet() {
        Router r = new Router(settings(Map.of(), Optional.of("gemini-2.5-flash"), List.of(), Map.of()),
                List.of(google("gemini", key("gemini", "a"))));

        RoutePlan plan = r.plan("mistral-large").orElseThrow();

        assertThat(plan.requestedModel()).isEqualTo("mistral-large");
        assertThat(plan.resolvedModel()).isEqualTo("gemini-2.5-flash");
        assertThat(plan.targets()).containsExactly(t("gemini", "gemini-2.5-flash"));
        assertThat(r.planByName("mistral-large")).isEmpty();
    }

    @Test
    void theDefaultModelMayItselfBeAnAlias() {
        Router r = new Router(settings(Map.of("house", "gemini-2.5-pro"), Optional.of("house"), List.of(), Map.of()),
                List.of(google("gemini", key("gemini", "a"))));

        assertThat(targets(r, "whatever")).containsExactly(t("gemini", "gemini-2.5-pro"));
    }

    @Test
    void withoutADefaultAnUnknownNameHasNoPlanAndAReasonSaysWhatToDo() {
        Router r = new Router(NONE, List.of(google("gemini", key("gemini", "a"))));

        assertThat(r.plan("mistral-large")).isEmpty();
        assertThat(r.unroutable("mistral-large")).contains("'mistral-large'").contains("/v1/models");
    }

    @Test
    void aDefaultModelNobodyServesIsNamedInTheReason() {
        Router r = new Router(settings(Map.of(), Optional.of("gemini-9"), List.of(), Map.of()),
                List.of(google("gemini", listing("gemini", "a", new ModelAlias("gemini-2.5-pro", "gemini-2.5-pro")))));

        assertThat(r.plan("x")).isEmpty();
        assertThat(r.unroutable("x")).contains("default model 'gemini-9'");
    }

    // --- fallback chains ---

    @Test
    void fallbackModelsFollowThePrimaryTargetsInChainOrder() {
        Router r = new Router(settings(Map.of(), Optional.empty(), List.of(),
                        Map.of("gemini-2.5-pro", List.of("gemini-2.5-flash", "gemini-2.0-flash"))),
                List.of(google("gemini", key("gemini", "a")), google("vertex", excluding("vertex", "b", "gemini-2.0-*"))));

        assertThat(targets(r, "gemini-2.5-pro")).containsExactly(
                t("gemini", "gemini-2.5-pro"), t("vertex", "gemini-2.5-pro"),
                t("gemini", "gemini-2.5-flash"), t("vertex", "gemini-2.5-flash"),
                t("gemini", "gemini-2.0-flash"));
    }

    @Test
    void anAliasUsesTheChainOfTheModelItStandsForUnlessItHasItsOwn() {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        chains.put("gemini-2.5-pro", List.of("gemini-2.5-flash"));
        chains.put("o3", List.of("gemini-2.0-flash"));
        Router r = new Router(settings(Map.of(), Optional.empty(), List.of(), chains), List.of(google("gemini", key("gemini", "a"))));

        assertThat(targets(r, "gpt-4.1")).containsExactly(t("gemini", "gemini-2.5-pro"), t("gemini", "gemini-2.5-flash"));
        assertThat(targets(r, "o3")).containsExactly(t("gemini", "gemini-2.5-pro"), t("gemini", "gemini-2.0-flash"));
    }

    @Test
    void fallbacksNobodyServesAreSkippedAndChainsAreNotFollowedFurther() {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        chains.put("gemini-2.5-pro", List.of("mistral-large", "gemini-2.5-flash"));
        chains.put("gemini-2.5-flash", List.of("gemini-2.0-flash"));
        Router r = new Router(settings(Map.of(), Optional.empty(), List.of(), chains), List.of(google("gemini", key("gemini", "a"))));

        assertThat(targets(r, "gemini-2.5-pro")).containsExactly(t("gemini", "gemini-2.5-pro"), t("gemini", "gemini-2.5-flash"));
    }

    @Test
    void aTargetAlreadyInThePlanIsNotAddedTwice() {
        Router r = new Router(settings(Map.of(), Optional.empty(), List.of(), Map.of("gpt-4o", List.of("gemini-2.5-flash", "o4-mini"))),
                List.of(google("gemini", key("gemini", "a"))));

        assertThat(targets(r, "gpt-4o")).containsExactly(t("gemini", "gemini-2.5-flash"));
    }

    @Test
    void theDefaultModelBringsItsOwnChain() {
        Router r = new Router(settings(Map.of(), Optional.of("gemini-2.5-pro"), List.of(),
                        Map.of("gemini-2.5-pro", List.of("gemini-2.5-flash"))),
                List.of(google("gemini", key("gemini", "a"))));

        assertThat(targets(r, "unknown")).containsExactly(t("gemini", "gemini-2.5-pro"), t("gemini", "gemini-2.5-flash"));
    }

    // --- plans remembered by name ---

    @Test
    void aRememberedPlanIsTheSameAsAFreshOneAndUnservedNamesStayUnserved() {
        Router r = new Router(aliases(Map.of("fast", "gemini-2.5-flash")), List.of(google("gemini", key("gemini", "a"))));

        RoutePlan first = r.plan("fast").orElseThrow();
        RoutePlan again = r.plan("fast").orElseThrow();

        assertThat(again).isEqualTo(first);
        assertThat(again.targets()).containsExactly(t("gemini", "gemini-2.5-flash"));
        assertThat(again.requestedModel()).isEqualTo("fast");
        assertThat(r.plan("gpt-unknown")).isEmpty();
        assertThat(r.plan("gpt-unknown")).isEmpty();
    }

    @Test
    void namesPastTheRememberedLimitAreStillRoutedCorrectly() {
        Router r = new Router(NONE, List.of(google("gemini", key("gemini", "a"))));
        for (int i = 0; i < Router.MAX_CACHED + 10; i++) r.plan("gemini-x-" + i);

        assertThat(r.rememberedPlans()).isEqualTo(Router.MAX_CACHED);
        assertThat(targets(r, "gemini-late")).containsExactly(t("gemini", "gemini-late"));
        assertThat(r.plan("not-a-model")).isEmpty();
        assertThat(targets(r, "gemini-x-3")).containsExactly(t("gemini", "gemini-x-3"));
    }
}
