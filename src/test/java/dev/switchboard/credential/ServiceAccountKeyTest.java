package dev.switchboard.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.ServiceAccounts;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ServiceAccountKeyTest {
    static final KeyPair KP = ServiceAccounts.keyPair(0);
    static final String JSON = ServiceAccounts.keyJson(KP, "bot@proj-1.iam.gserviceaccount.com", "proj-1",
            "https://oauth2.googleapis.com/token");
    static final String SECRET_PART = Base64.getEncoder().encodeToString(KP.getPrivate().getEncoded()).substring(70, 110);

    @Test
    void parsesAGoogleKeyFile() {
        ServiceAccountKey k = ServiceAccountKey.parse(JSON);

        assertThat(k.clientEmail()).isEqualTo("bot@proj-1.iam.gserviceaccount.com");
        assertThat(k.projectId()).contains("proj-1");
        assertThat(k.privateKeyId()).contains(ServiceAccounts.keyId("bot@proj-1.iam.gserviceaccount.com"));
        assertThat(k.tokenUri()).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(k.privateKey().getEncoded()).isEqualTo(KP.getPrivate().getEncoded());
        assertThat(k.toString()).doesNotContain(SECRET_PART).contains("bot@proj-1");
    }

    @Test
    void missingTokenUriAndProjectHaveDefaults() {
        String json = JSON.replaceAll(",\"project_id\":\"[^\"]*\"", "").replaceAll(",\"token_uri\":\"[^\"]*\"", "");
        ServiceAccountKey k = ServiceAccountKey.parse(json);
        assertThat(k.projectId()).isEmpty();
        assertThat(k.tokenUri()).isEqualTo(ServiceAccountKey.DEFAULT_TOKEN_URI);
    }

    @Test
    void keyPastedWithRawNewlinesStillParses() {
        String raw = JSON.replace("\\n", "\n");
        assertThat(ServiceAccountKey.parse(raw).clientEmail()).startsWith("bot@");
    }

    @Test
    void errorsNameTheFieldAndNeverTheKey() {
        assertThatThrownBy(() -> ServiceAccountKey.parse(JSON.replace("client_email", "email")))
                .hasMessageContaining("client_email");
        String broken = JSON.replace(SECRET_PART, SECRET_PART.substring(0, 20) + "!!" + SECRET_PART.substring(22));
        assertThatThrownBy(() -> ServiceAccountKey.parse(broken))
                .hasMessageContaining("private_key").hasMessageNotContaining(SECRET_PART.substring(0, 20));
        assertThatThrownBy(() -> ServiceAccountKey.parse(JSON.replace("\"type\":\"service_account\"", "\"type\":\"authorized_user\"")))
                .hasMessageContaining("authorized_user");
        assertThatThrownBy(() -> ServiceAccountKey.parse(JSON.replace("BEGIN PRIVATE KEY", "BEGIN RSA PRIVATE KEY")))
                .hasMessageContaining("PKCS#1");
        String truncated = JSON.substring(0, JSON.indexOf(SECRET_PART) + 40);
        assertThatThrownBy(() -> ServiceAccountKey.parse(truncated))
                .hasMessageContaining("not valid JSON").hasMessageNotContaining(SECRET_PART);
    }

    @Test
    void splitsSeveralKeysSeparatedByCommas() {
        String other = ServiceAccounts.keyJson(ServiceAccounts.keyPair(1), "two@proj-2.iam.gserviceaccount.com", "proj-2", "https://t");
        assertThat(ServiceAccountKey.splitObjects(JSON + " ,\n" + other)).hasSize(2)
                .satisfies(l -> assertThat(ServiceAccountKey.parse(l.get(1)).clientEmail()).startsWith("two@"));
        assertThat(ServiceAccountKey.splitObjects(JSON)).hasSize(1);
        assertThatThrownBy(() -> ServiceAccountKey.splitObjects(JSON + ", 42")).hasMessageContaining("JSON objects");
    }
}
