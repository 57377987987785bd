package dev.switchboard.routing;

import static dev.switchboard.routing.RouterTest.excluding;
import static dev.switchboard.routing.RouterTest.google;
import static dev.switchboard.routing.RouterTest.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.model.ModelInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The model list shows what a client can really ask for, each name once, owned by who serves it. */
class ModelListingTest {

    @Test
    void aliasesAndUpstreamModelsAreMergedOnceEachWithTheProviderThatServesThem() {
        Router r = new Router(new RoutingConfig(false, Map.of("fast", "gemini-2.5-flash-lite"), Optional.empty(),
                List.of(), Map.of()), List.of(google("gemini", key("gemini", "a")), google("vertex", key("vertex", "b"))));

        List<ModelInfo> list = ModelListing.visible(r, List.of(),
                List.of(new ModelInfo("gemini-2.5-pro", "vertex"), new ModelInfo("gemini-2.5-flash-lite", "gemini"),
                        new ModelInfo("gemini-2.5-pro", "gemini")));

        assertThat(list).containsExactly(new ModelInfo("fast", "gemini"), new ModelInfo("gemini-2.5-pro", "gemini"),
                new ModelInfo("gemini-2.5-flash-lite", "gemini"));
    }

    @Test
    void modelsEveryCredentialOfAProviderExcludesAreNotListedForIt() {
        Router r = new Router(RouterTest.NO_BUILTINS, List.of(
                google("gemini", excluding("gemini", "a", "gemini-2.0-*")),
                google("vertex", excluding("vertex", "b", "gemini-2.0-*", "gemini-2.5-pro"))));

        List<ModelInfo> list = ModelListing.visible(r, List.of(), List.of(new ModelInfo("gemini-2.0-flash", "gemini"),
                new ModelInfo("gemini-2.5-pro", "vertex"), new ModelInfo("gemini-2.5-flash", "vertex")));

        assertThat(list).containsExactly(new ModelInfo("gemini-2.5-pro", "gemini"), new ModelInfo("gemini-2.5-flash", "gemini"));
    }

    @Test
    void builtInAliasesAreListedOnlyWhenTheirModelIsServed() {
        Router r = new Router(RoutingConfig.defaults(), List.of(google("gemini", excluding("gemini", "a", "gemini-2.5-pro"))));

        List<String> ids = ModelListing.visible(r, List.of(), List.of()).stream().map(ModelInfo::id).toList();

        assertThat(ids).contains("gpt-4o", "gpt-4o-mini").doesNotContain("gpt-4.1", "o3");
    }

    @Test
    void theDefaultModelAndExactNameRulesAreListedButUnknownNamesAreNot() {
        Router r = new Router(new RoutingConfig(false, Map.of(), Optional.of("gemini-2.5-flash"),
                List.of(new RouteRule("cheap", "gemini", new RouteRule.Rewrite.Replace("gemini-2.5-flash-lite"), 0),
                        RouteRule.to("vertex-*", "gemini")), Map.of()),
                List.of(google("gemini", key("gemini", "a"))));

        List<ModelInfo> list = ModelListing.visible(r, List.of(), List.of(new ModelInfo("chat-bison-001", "gemini")));

        assertThat(list).containsExactly(new ModelInfo("cheap", "gemini"), new ModelInfo("gemini-2.5-flash", "gemini"));
    }

    @Test
    void credentialAliasesComeFirst() {
        Router r = new Router(RouterTest.NO_BUILTINS, List.of(google("gemini",
                RouterTest.listing("gemini", "a", new dev.switchboard.credential.ModelAlias("gemini-2.5-pro", "pro")))));

        List<ModelInfo> list = ModelListing.visible(r, List.of(new ModelInfo("pro", "gemini")),
                List.of(new ModelInfo("gemini-2.5-pro", "gemini"), new ModelInfo("gemini-2.5-flash", "gemini")));

        assertThat(list).containsExactly(new ModelInfo("pro", "gemini"), new ModelInfo("gemini-2.5-pro", "gemini"));
    }
}
