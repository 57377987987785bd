package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Service-account key files made in the test with fresh RSA keys, and the JWTs a gateway sends with them:
 * decode their parts, verify their signature with the public key.
 */
public final class ServiceAccounts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyPair[] KEYS = new KeyPair[3];

    private ServiceAccounts() {}

    /** One of a few RSA 2048 key pairs, generated once per test run (generation takes a while). */
    public static synchronized KeyPair keyPair(int i) {
        if (KEYS[i] == null) {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                KEYS[i] = g.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }
        return KEYS[i];
    }

    /** A key file as Google issues them: PKCS#8 PEM with {@code \n} escapes, its key id, token_uri, project. */
    public static String keyJson(KeyPair kp, String email, String project, String tokenUri) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(kp.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "service_account");
        if (project != null) o.put("project_id", project);
        o.put("private_key_id", "kid-" + email.hashCode());
        o.put("private_key", pem);
        o.put("client_email", email);
        o.put("client_id", "1234567890");
        o.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        o.put("token_uri", tokenUri);
        return o.toString();
    }

    public static String keyId(String email) {
        return "kid-" + email.hashCode();
    }

    /** The fields of an {@code application/x-www-form-urlencoded} body. */
    public static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Part {@code i} (0 header, 1 claims) of a JWT, as JSON. */
    public static JsonNode jwtPart(String jwt, int i) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[i]));
        } catch (Exception e) {
            throw new AssertionError("not a JWT: " + jwt, e);
        }
    }

    public static boolean verifies(String jwt, PublicKey key) {
        String[] p = jwt.split("\\.");
        if (p.length != 3) return false;
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update((p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII));
            return s.verify(Base64.getUrlDecoder().decode(p[2]));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A token endpoint's success answer. */
    public static String tokenAnswer(String token, long expiresIn) {
        return "{\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn + ",\"token_type\":\"Bearer\"}";
    }
}
