package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.credential.ServiceAccountKey;
import dev.switchboard.testing.ServiceAccounts;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JwtAssertionTest {
    static final KeyPair KP = ServiceAccounts.keyPair(0);
    static final String EMAIL = "bot@proj-1.iam.gserviceaccount.com";

    @Test
    void headerAndClaimsAreWhatGoogleExpectsAndTheSignatureVerifies() throws Exception {
        ServiceAccountKey key = ServiceAccountKey.parse(ServiceAccounts.keyJson(KP, EMAIL, "proj-1", "https://oauth2.example/token"));
        Instant now = Instant.parse("2025-06-01T12:00:00Z");

        String jwt = JwtAssertion.sign(key, ServiceAccountTokens.SCOPE, now);

        JsonNode header = ServiceAccounts.jwtPart(jwt, 0);
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(header.path("kid").asText()).isEqualTo(ServiceAccounts.keyId(EMAIL));
        JsonNode claims = ServiceAccounts.jwtPart(jwt, 1);
        assertThat(claims.path("iss").asText()).isEqualTo(EMAIL);
        assertThat(claims.path("scope").asText()).isEqualTo("https://www.googleapis.com/auth/cloud-platform");
        assertThat(claims.path("aud").asText()).isEqualTo("https://oauth2.example/token");
        assertThat(claims.path("iat").asLong()).isEqualTo(now.getEpochSecond());
        assertThat(claims.path("exp").asLong()).isEqualTo(now.getEpochSecond() + 3600);
        assertThat(jwt).doesNotContain("=").doesNotContain("+").doesNotContain("/");
        assertThat(ServiceAccounts.verifies(jwt, KP.getPublic())).isTrue();
        assertThat(ServiceAccounts.verifies(jwt, ServiceAccounts.keyPair(1).getPublic())).isFalse();
    }

    @Test
    void keyWithoutIdHasNoKidHeader() throws Exception {
        String json = ServiceAccounts.keyJson(KP, EMAIL, "p", "https://t").replaceAll(",\"private_key_id\":\"[^\"]*\"", "");
        String jwt = JwtAssertion.sign(ServiceAccountKey.parse(json), "s", Instant.EPOCH);
        assertThat(ServiceAccounts.jwtPart(jwt, 0).has("kid")).isFalse();
    }
}
