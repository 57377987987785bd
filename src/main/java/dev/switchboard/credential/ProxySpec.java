package dev.switchboard.credential;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** An outbound proxy for one credential: {@code http://}, {@code https://} or {@code socks5://}, with optional auth. */
public record ProxySpec(Type type, String host, int port, Optional<String> username, Optional<String> password) {
    public enum Type { HTTP, HTTPS, SOCKS5 }

    /** Parses {@code scheme://[user:pass@]host:port}; the message of a failure never echoes the password. */
    public static ProxySpec parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a proxy URL (expected scheme://[user:pass@]host:port)");
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase();
        Type type = switch (scheme) {
            case "http" -> Type.HTTP;
            case "https" -> Type.HTTPS;
            case "socks5", "socks5h", "socks" -> Type.SOCKS5;
            default -> throw new IllegalArgumentException("proxy scheme must be http, https or socks5, not '" + scheme + "'");
        };
        if (uri.getHost() == null) throw new IllegalArgumentException("proxy URL has no host");
        int port = uri.getPort() > 0 ? uri.getPort() : switch (type) {
            case HTTP -> 80;
            case HTTPS -> 443;
            case SOCKS5 -> 1080;
        };
        Optional<String> user = Optional.empty();
        Optional<String> pass = Optional.empty();
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
            if (colon >= 0) pass = Optional.of(decode(info.substring(colon + 1)));
        }
        return new ProxySpec(type, uri.getHost(), port, user, pass);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** For logs and the status page: no credentials. */
    @Override
    public String toString() {
        return type.name().toLowerCase() + "://" + (username.isPresent() ? "***@" : "") + host + ":" + port;
    }
}
