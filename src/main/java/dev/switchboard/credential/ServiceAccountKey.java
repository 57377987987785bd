package dev.switchboard.credential;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.format.Json;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A Google service-account key file ({@code "type": "service_account"}), parsed and checked once at start-up.
 * Error messages name the missing or malformed field, never its value; {@link #toString()} shows no key.
 */
public record ServiceAccountKey(String clientEmail, Optional<String> privateKeyId, PrivateKey privateKey,
                                String tokenUri, Optional<String> projectId) {
    public static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";

    // Keys pasted into environment variables often carry raw newlines inside the PEM string.
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();

    /** Parses one key file's text. Throws {@link IllegalArgumentException} with a message safe to show. */
    public static ServiceAccountKey parse(String json) {
        JsonNode root = readTree(json);
        if (!root.isObject()) throw new IllegalArgumentException("a service account key must be a JSON object");
        return fromJson(root);
    }

    /**
     * One or several key files in one text, separated by commas ({@code {...},{...}}), as
     * {@code GOOGLE_CREDENTIALS_JSON} holds them. Each entry is returned as compact JSON text.
     */
    public static List<String> splitObjects(String text) {
        JsonNode all = readTree("[" + text + "]");
        List<String> out = new ArrayList<>();
        for (JsonNode n : all) {
            if (!n.isObject()) throw new IllegalArgumentException("expected JSON objects separated by commas");
            out.add(Json.compact(n));
        }
        return out;
    }

    private static ServiceAccountKey fromJson(JsonNode root) {
        String type = root.path("type").asText("service_account");
        if (!type.equals("service_account")) {
            throw new IllegalArgumentException("\"type\" is '" + type + "', expected 'service_account'");
        }
        String email = required(root, "client_email");
        PrivateKey key = privateKey(required(root, "private_key"));
        return new ServiceAccountKey(email, optional(root, "private_key_id"), key,
                optional(root, "token_uri").orElse(DEFAULT_TOKEN_URI), optional(root, "project_id"));
    }

    private static JsonNode readTree(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            return Json.readTree(p);
        } catch (JsonParseException e) {
            // Jackson's own message may quote the text, which holds the private key: give the place only.
            throw new IllegalArgumentException("not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON");
        }
    }

    private static String required(JsonNode root, String field) {
        return optional(root, field).orElseThrow(() -> new IllegalArgumentException("\"" + field + "\" is missing"));
    }

    private static Optional<String> optional(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) return Optional.empty();
        return Optional.of(n.asText().strip());
    }

    /** A PEM {@code PRIVATE KEY} (PKCS#8, RSA), as Google issues them. */
    static PrivateKey privateKey(String pem) {
        String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                .replace("\\n", "").replaceAll("\\s", "");
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalArgumentException("\"private_key\" is PKCS#1 (BEGIN RSA PRIVATE KEY); expected PKCS#8 (BEGIN PRIVATE KEY)");
        }
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("\"private_key\" is not a PEM-encoded PKCS#8 RSA key");
        }
    }

    @Override
    public String toString() {
        return "ServiceAccountKey[" + clientEmail + "]";
    }
}
