package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.credential.Credential;
import dev.switchboard.testing.ServiceAccounts;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** URL layout and authentication of each Gemini-format endpoint; no network. */
class EndpointTest {
    static final String SA = ServiceAccounts.keyJson(ServiceAccounts.keyPair(0), "bot@key-proj.iam.gserviceaccount.com",
            "key-proj", "https://oauth2.googleapis.com/token");

    static Credential credential(String secret, Optional<String> baseUrl) {
        return new Credential("c1", "p", secret, baseUrl, Optional.empty(), List.of(), List.of(), 1, false);
    }

    static String url(RequestOptions o) {
        return (o.isSsl() ? "https://" : "http://") + o.getHost() + (o.getPort() == null ? "" : ":" + o.getPort()) + o.getURI();
    }

    @Test
    void expressUsesTheGlobalHostWithoutProjectAndTheKeyInAHeader() {
        Endpoint.VertexExpress e = new Endpoint.VertexExpress("https://aiplatform.googleapis.com");
        RequestOptions o = e.prepare(credential("AQ.express-1", Optional.empty()), "gemini-2.5-flash",
                "streamGenerateContent", true).result();

        assertThat(url(o)).isEqualTo("https://aiplatform.googleapis.com:443/v1/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(o.getHeaders().get("x-goog-api-key")).isEqualTo("AQ.express-1");
        assertThat(o.getHeaders().get("authorization")).isNull();
    }

    @Test
    void expressCredentialMayNameItsOwnVertexCompatibleBaseUrl() {
        Endpoint.VertexExpress e = new Endpoint.VertexExpress("https://aiplatform.googleapis.com");
        RequestOptions o = e.prepare(credential("AQ.express-1", Optional.of("http://relay.local:8080")), "gemini-2.5-pro",
                "generateContent", false).result();

        assertThat(url(o)).isEqualTo("http://relay.local:8080/v1/publishers/google/models/gemini-2.5-pro:generateContent");
    }

    @Test
    void modelNamesThatCouldLeaveTheModelsPathAreRefused() {
        Endpoint.VertexExpress e = new Endpoint.VertexExpress("https://aiplatform.googleapis.com");
        for (String bad : List.of("../../projects/x/endpoints/y", "gemini?alt=json", "a/b", "gemini 2", "")) {
            assertThat(e.prepare(credential("k", Optional.empty()), bad, "generateContent", false).failed()).as(bad).isTrue();
        }
        assertThat(Endpoint.safeModelName("gemini-2.5-flash-preview-05-20")).isTrue();
        assertThat(Endpoint.safeModelName("claude-sonnet-4@20250514")).isTrue();
    }

    @Test
    void serviceAccountUrlsNameProjectAndLocation() {
        Credential c = credential(SA, Optional.empty());
        ServiceAccountTokens tokens = new ServiceAccountTokens(null, List.of(c), Clock.systemUTC());

        Endpoint.VertexServiceAccount regional = new Endpoint.VertexServiceAccount(
                "https://us-east5-aiplatform.googleapis.com", "us-east5", Optional.empty(), tokens);
        assertThat(regional.locationUrl(c))
                .isEqualTo("https://us-east5-aiplatform.googleapis.com/v1/projects/key-proj/locations/us-east5");

        Endpoint.VertexServiceAccount global = new Endpoint.VertexServiceAccount(
                "https://aiplatform.googleapis.com", "global", Optional.of("other-proj"), tokens);
        assertThat(global.locationUrl(c)).isEqualTo("https://aiplatform.googleapis.com/v1/projects/other-proj/locations/global");
    }
}
