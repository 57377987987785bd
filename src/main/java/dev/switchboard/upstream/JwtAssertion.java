package dev.switchboard.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.credential.ServiceAccountKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The signed JWT a service account trades for an access token (RFC 7523, Google's OAuth 2.0 for server to
 * server). Signed with the JDK's own RS256 ({@code SHA256withRSA}): this is all we need from
 * google-auth-library, which would bring some twenty jars (Guava, gRPC context, its own HTTP stack) that
 * neither use our per-credential proxies nor our event loop.
 */
final class JwtAssertion {
    static final Duration LIFETIME = Duration.ofHours(1);
    private static final JsonFactory JSON = new JsonFactory();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private JwtAssertion() {}

    /** {@code header.claims.signature}, base64url without padding; valid for one hour from {@code now}. */
    static String sign(ServiceAccountKey key, String scope, Instant now) throws GeneralSecurityException {
        String header = encode(g -> {
            g.writeStringField("alg", "RS256");
            g.writeStringField("typ", "JWT");
            if (key.privateKeyId().isPresent()) g.writeStringField("kid", key.privateKeyId().get());
        });
        long iat = now.getEpochSecond();
        String claims = encode(g -> {
            g.writeStringField("iss", key.clientEmail());
            g.writeStringField("scope", scope);
            g.writeStringField("aud", key.tokenUri());
            g.writeNumberField("iat", iat);
            g.writeNumberField("exp", iat + LIFETIME.toSeconds());
        });
        String signingInput = header + "." + claims;
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key.privateKey());
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encodeToString(rs256.sign());
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static String encode(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return B64.encodeToString(out.toByteArray());
    }
}
