package dev.switchboard.inbound;

import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks the gateway's own client keys, presented as {@code Authorization: Bearer}, {@code X-API-Key},
 * {@code x-goog-api-key} or {@code ?key=}, in constant time. When client upstream keys are allowed, a
 * presented token that is not a gateway key is taken as the client's own upstream keys (comma-separated).
 * Presented tokens are never forwarded upstream.
 */
public final class ClientAuth {
    private final List<byte[]> keys;
    private final boolean allowClientUpstreamKeys;

    public ClientAuth(List<String> keys, boolean allowClientUpstreamKeys) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.allowClientUpstreamKeys = allowClientUpstreamKeys;
    }

    /**
     * The outcome: upstream keys the client brought (empty when none or not allowed), and the gateway key it
     * presented (empty when the gateway is open to every client), which its rate limits are counted by.
     */
    public record Result(List<String> clientUpstreamKeys, Optional<String> clientKey) {}

    public boolean open() { return keys.isEmpty(); }

    public Result check(HttpServerRequest req) {
        List<String> presented = presented(req);
        boolean authenticated = keys.isEmpty();
        Optional<String> clientKey = Optional.empty();
        List<String> upstreamKeys = new ArrayList<>();
        for (String token : presented) {
            if (isGatewayKey(token)) {
                authenticated = true;
                if (clientKey.isEmpty()) clientKey = Optional.of(token);
            }
            else if (allowClientUpstreamKeys) {
                Arrays.stream(token.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(upstreamKeys::add);
            }
        }
        if (!authenticated) {
            throw new GatewayException(ErrorKind.AUTHENTICATION, presented.isEmpty()
                    ? "Missing API key. Send it as 'Authorization: Bearer <key>', 'X-API-Key', 'x-goog-api-key' or '?key='."
                    : "Invalid API key.");
        }
        return new Result(List.copyOf(upstreamKeys), clientKey);
    }

    private boolean isGatewayKey(String token) {
        byte[] t = token.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] k : keys) match |= MessageDigest.isEqual(k, t);
        return match;
    }

    private static List<String> presented(HttpServerRequest req) {
        List<String> out = new ArrayList<>(2);
        String auth = req.getHeader("authorization");
        if (auth != null) {
            String a = auth.strip();
            if (a.regionMatches(true, 0, "Bearer ", 0, 7)) a = a.substring(7).strip();
            if (!a.isEmpty()) out.add(a);
        }
        for (String h : new String[] {"x-api-key", "x-goog-api-key"}) {
            String v = req.getHeader(h);
            if (v != null && !v.isBlank() && !out.contains(v.strip())) out.add(v.strip());
        }
        // getParam decodes the whole query into a map: only worth it when there is a query.
        String q = req.query() == null ? null : req.getParam("key");
        if (q != null && !q.isBlank() && !out.contains(q.strip())) out.add(q.strip());
        return out;
    }
}
