package dev.switchboard.credential;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a shared Redis is: {@code redis://[[user]:password@]host[:port][/db]}, or {@code rediss://} for TLS.
 * The password never appears in {@link #toString()} or {@link #masked()}: logs and the status page use those.
 */
public record RedisUrl(boolean tls, Optional<String> user, Optional<String> password, String host, int port, int db) {
    public static final int DEFAULT_PORT = 6379;

    /** Parses and checks a URL; the exception's message never contains the password. */
    public static RedisUrl parse(String url) {
        URI u;
        try {
            u = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + maskRaw(url));
        }
        boolean tls = "rediss".equals(u.getScheme());
        if (!tls && !"redis".equals(u.getScheme())) {
            throw new IllegalArgumentException("expected a redis:// or rediss:// URL, got " + maskRaw(url));
        }
        if (u.getHost() == null) throw new IllegalArgumentException("no host in " + maskRaw(url));
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (u.getRawUserInfo() != null) {
            String info = u.getRawUserInfo();
            int colon = info.indexOf(':');
            String name = colon < 0 ? "" : decode(info.substring(0, colon));
            String secret = decode(colon < 0 ? info : info.substring(colon + 1));
            user = Optional.of(name).filter(s -> !s.isEmpty());
            password = Optional.of(secret).filter(s -> !s.isEmpty());
        }
        String path = u.getPath() == null ? "" : u.getPath().replaceFirst("^/", "");
        int db;
        try {
            db = path.isEmpty() ? 0 : Integer.parseInt(path);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the path of a Redis URL is a database number, got '/" + path + "'");
        }
        return new RedisUrl(tls, user, password, u.getHost(), u.getPort() < 0 ? DEFAULT_PORT : u.getPort(), db);
    }

    /** The URL with its password, for the client only. */
    public String connectionString() {
        String auth = password.map(p -> user.map(RedisUrl::encode).orElse("") + ":" + encode(p) + "@").orElse("");
        return (tls ? "rediss" : "redis") + "://" + auth + host + ":" + port + "/" + db;
    }

    /** The URL as people may see it: {@code redis://:****@host:6379/0}. */
    public String masked() {
        String auth = password.map(p -> user.orElse("") + ":****@").orElse("");
        return (tls ? "rediss" : "redis") + "://" + auth + host + ":" + port + "/" + db;
    }

    @Override
    public String toString() {
        return masked();
    }

    /** Hides whatever sits between {@code //} and {@code @} in text that did not even parse. */
    private static String maskRaw(String url) {
        return "'" + url.strip().replaceAll("//[^/@]*@", "//****@") + "'";
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
