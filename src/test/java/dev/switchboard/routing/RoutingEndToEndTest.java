package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.FakeUpstream.Recorded;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.MutableClock;
import dev.switchboard.testing.TestGateway;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing end to end: two fake Gemini APIs are two providers ("primary" with keys A and B, "secondary" with
 * key C); requests go through a real gateway, and each fake records which model its URL named.
 */
class RoutingEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String A = "AIzaKEY-A-000000000000000000000001";
    static final String B = "AIzaKEY-B-000000000000000000000002";
    static final String C = "AIzaKEY-C-000000000000000000000003";

    Vertx vertx;
    FakeUpstream primary;
    FakeUpstream secondary;
    TestGateway gw;
    final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    final List<String> primarySaw = Collections.synchronizedList(new ArrayList<>());
    final List<String> secondarySaw = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        primary = FakeUpstream.start(vertx);
        secondary = FakeUpstream.start(vertx);
        answerEverything(primary, primarySaw);
        answerEverything(secondary, secondarySaw);
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        primary.close();
        secondary.close();
        vertx.close();
    }

    /** Both providers, then {@code routing} (YAML lines under {@code routing:}), with {@code env}. */
    void gateway(String routing, Map<String, String> env) {
        gw = TestGateway.start("""
                providers:
                  - {type: gemini, name: primary, base_url: "%s", keys: [%s, %s]}
                  - {type: gemini, name: secondary, base_url: "%s", keys: [%s]}
                routing:
                %s
                """.formatted(primary.baseUrl(), A, B, secondary.baseUrl(), C, routing.indent(2)), env, clock);
    }

    void gateway(String routing) {
        gateway(routing, Map.of());
    }

    static void answerEverything(FakeUpstream fake, List<String> saw) {
        fake.dispatcher(rec -> {
            saw.add(modelIn(rec) + " " + rec.header("x-goog-api-key"));
            return rec.path().contains(":stream")
                    ? Reply.sseEvents(Duration.ZERO, GeminiFixtures.chunk("Hel", null), GeminiFixtures.chunk("lo", "STOP"))
                    : Reply.json(200, GeminiFixtures.text("Hello"));
        });
    }

    /** The model a Gemini URL names: {@code /v1beta/models/gemini-2.5-pro:generateContent} → {@code gemini-2.5-pro}. */
    static String modelIn(Recorded rec) {
        String p = rec.path();
        if (!p.startsWith("/v1beta/models/")) return p;
        String rest = p.substring("/v1beta/models/".length());
        return rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
    }

    static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    HttpResponse<String> ask(String model) {
        return gw.post("/v1/chat/completions", chat(model, false));
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static List<String> models(List<String> saw) {
        return saw.stream().map(s -> s.substring(0, s.indexOf(' '))).toList();
    }

    @Test
    void anAliasReachesTheProviderItsRulePicksWithTheUpstreamNameAndTheAnswerEchoesTheAlias() {
        gateway("""
                aliases: {house-model: gemini-2.5-pro}
                rules: [{match: gemini-2.5-pro, provider: secondary}]
                """);

        HttpResponse<String> r = ask("house-model");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).path("model").asText()).isEqualTo("house-model");
        assertThat(json(r.body()).at("/choices/0/message/content").asText()).isEqualTo("Hello");
        assertThat(secondarySaw).containsExactly("gemini-2.5-pro " + C);
        assertThat(primarySaw).isEmpty();
    }

    @Test
    void aBuiltInAliasStreamsFromTheGeminiModelUnderTheClientsName() {
        gateway("{}");

        HttpResponse<String> r = gw.post("/v1/chat/completions", chat("gpt-4o", true));

        assertThat(r.statusCode()).isEqualTo(200);
        List<String> data = TestGateway.sseData(r.body());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        for (String d : data.subList(0, data.size() - 1)) assertThat(json(d).path("model").asText()).isEqualTo("gpt-4o");
        assertThat(models(primarySaw)).containsExactly("gemini-2.5-flash");
        assertThat(secondarySaw).isEmpty();
    }

    @Test
    void aRuleStripsAPrefixBeforeTheProviderSeesTheName() {
        gateway("rules: [{match: \"vertex-*\", provider: secondary, strip_prefix: \"vertex-\", priority: 5}]");

        HttpResponse<String> r = ask("vertex-gemini-2.5-pro");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).path("model").asText()).isEqualTo("vertex-gemini-2.5-pro");
        assertThat(models(secondarySaw)).containsExactly("gemini-2.5-pro");
        assertThat(primarySaw).isEmpty();
    }

    @Test
    void theFallbackChainEngagesWhenEveryKeyOfTheFirstModelIsRateLimited() {
        gateway("""
                rules: [{match: "gemini-*", provider: primary}]
                fallbacks: {gemini-2.5-pro: [gemini-2.5-flash]}
                """);
        primary.dispatcher(rec -> {
            primarySaw.add(modelIn(rec) + " " + rec.header("x-goog-api-key"));
            return modelIn(rec).equals("gemini-2.5-pro")
                    ? Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "30s"))
                    : rec.path().contains(":stream")
                    ? Reply.sseEvents(Duration.ZERO, GeminiFixtures.chunk("from flash", "STOP"))
                    : Reply.json(200, GeminiFixtures.text("from flash"));
        });

        HttpResponse<String> r = ask("gemini-2.5-pro");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).path("model").asText()).isEqualTo("gemini-2.5-pro");
        assertThat(json(r.body()).at("/choices/0/message/content").asText()).isEqualTo("from flash");
        assertThat(primarySaw).hasSize(3).startsWith("gemini-2.5-pro " + A, "gemini-2.5-pro " + B);
        assertThat(primarySaw.get(2)).startsWith("gemini-2.5-flash ");

        primarySaw.clear();
        HttpResponse<String> again = gw.post("/v1/chat/completions", chat("gemini-2.5-pro", true));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("from flash").contains("\"model\":\"gemini-2.5-pro\"");
        assertThat(models(primarySaw)).containsExactly("gemini-2.5-flash");
    }

    @Test
    void aStreamFallsBackBeforeItsFirstByte() {
        gateway("""
                rules: [{match: "gemini-*", provider: primary}]
                fallbacks: {gemini-2.5-pro: [gemini-2.5-flash]}
                """);
        primary.dispatcher(rec -> {
            primarySaw.add(modelIn(rec) + " " + rec.header("x-goog-api-key"));
            return modelIn(rec).equals("gemini-2.5-pro")
                    ? Reply.json(429, GeminiFixtures.rateLimited("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "30s"))
                    : Reply.sseEvents(Duration.ZERO, GeminiFixtures.chunk("flash ", null), GeminiFixtures.chunk("here", "STOP"));
        });

        HttpResponse<String> r = gw.post("/v1/chat/completions", chat("gemini-2.5-pro", true));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestGateway.streamedText(r.body())).isEqualTo("flash here");
        assertThat(models(primarySaw)).containsExactly("gemini-2.5-pro", "gemini-2.5-pro", "gemini-2.5-flash");
    }

    @Test
    void anUnknownModelIsA404InOpenAiShapeThatSaysWhatToDo() {
        gateway("builtin_aliases: true");

        HttpResponse<String> r = ask("mistral-large");

        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode err = json(r.body()).path("error");
        assertThat(err.path("type").asText()).isEqualTo("not_found_error");
        assertThat(err.path("code").asText()).isEqualTo("model_not_found");
        assertThat(err.path("param").asText()).isEqualTo("model");
        assertThat(err.path("message").asText()).contains("'mistral-large'").contains("/v1/models");
        assertThat(primarySaw).isEmpty();
        assertThat(secondarySaw).isEmpty();
    }

    @Test
    void anUnknownModelGetsTheDefaultModelWhenOneIsSet() {
        gateway("{}", Map.of("DEFAULT_MODEL", "gemini-2.5-flash-lite"));

        HttpResponse<String> r = ask("mistral-large");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).path("model").asText()).isEqualTo("mistral-large");
        assertThat(models(primarySaw)).containsExactly("gemini-2.5-flash-lite");
        assertThat(secondarySaw).isEmpty();
    }

    @Test
    void aCatchAllRuleTakesEveryNameBeforeTheDefaultModelDoes() {
        gateway("rules: [{match: \"*\", provider: secondary, priority: -1}]", Map.of("DEFAULT_MODEL", "gemini-2.5-flash-lite"));

        HttpResponse<String> r = ask("mistral-large");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(models(secondarySaw)).containsExactly("mistral-large");
        assertThat(primarySaw).isEmpty();
    }

    @Test
    void theModelListShowsAliasesAndUpstreamModelsOnceEachWithTheirProviderAndHidesExcludedOnes() {
        gw = TestGateway.start("""
                providers:
                  - type: gemini
                    name: primary
                    base_url: "%s"
                    credentials: [{key: %s, excluded_models: ["gemini-2.0-*"]}]
                  - type: gemini
                    name: secondary
                    base_url: "%s"
                    credentials: [{key: %s, models: [{name: gemini-2.5-pro, alias: pro}]}]
                routing:
                  aliases: {house-model: gemini-2.5-pro}
                """.formatted(primary.baseUrl(), A, secondary.baseUrl(), C), Map.of(), clock);
        primary.dispatcher(rec -> Reply.json(200, """
                {"models":[{"name":"models/gemini-2.5-pro"},{"name":"models/gemini-2.5-flash"},{"name":"models/gemini-2.0-flash"}]}"""));
        secondary.dispatcher(rec -> Reply.json(200, "{\"models\":[{\"name\":\"models/gemini-2.5-pro\"},{\"name\":\"models/gemini-2.0-flash\"}]}"));

        HttpResponse<String> r = gw.get("/v1/models");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode data = json(r.body()).path("data");
        List<String> ids = data.findValuesAsText("id");
        assertThat(ids).doesNotHaveDuplicates().contains("pro", "house-model", "gpt-4o", "gemini-2.5-pro", "gemini-2.5-flash")
                .doesNotContain("gemini-2.0-flash");
        assertThat(ownerOf(data, "pro")).isEqualTo("secondary");
        assertThat(ownerOf(data, "house-model")).isEqualTo("primary");
        assertThat(ownerOf(data, "gpt-4o")).isEqualTo("primary");
        assertThat(gw.get("/v1/models/house-model").statusCode()).isEqualTo(200);
        assertThat(gw.get("/v1/models/gemini-2.0-flash").statusCode()).isEqualTo(404);
    }

    static String ownerOf(JsonNode data, String id) {
        for (JsonNode m : data) if (m.path("id").asText().equals(id)) return m.path("owned_by").asText();
        throw new AssertionError(id + " is not listed");
    }
}
