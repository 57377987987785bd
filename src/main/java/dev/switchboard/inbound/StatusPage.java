package dev.switchboard.inbound;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status page for people: one self-contained HTML file (inline style and script, no external resources)
 * that polls {@code status.json}. Its Content-Security-Policy admits exactly that inline script and style.
 */
final class StatusPage {
    private static final String RESOURCE = "dev/switchboard/inbound/status.html";

    private final Buffer html;
    private final String csp;

    private StatusPage(String html) {
        this.html = Buffer.buffer(html);
        this.csp = "default-src 'none'; script-src " + hashOf(html, "script") + "; style-src " + hashOf(html, "style")
                + "; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'";
    }

    /**
     * The page, read from the jar and hashed at its first request rather than at start: the digest's provider
     * lookup and the regular expression over the page, run in the interpreter, came to about 1 % of the start.
     */
    static StatusPage get() {
        return Holder.PAGE;
    }

    private static final class Holder {
        static final StatusPage PAGE = load();
    }

    private static StatusPage load() {
        try (InputStream in = StatusPage.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " missing from the jar");
            return new StatusPage(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the client is a browser asking for a page rather than a program asking for JSON. */
    static boolean wanted(HttpServerRequest req) {
        String accept = req.getHeader("accept");
        return accept != null && accept.contains("text/html");
    }

    void send(HttpServerRequest req) {
        req.response().putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .putHeader("content-security-policy", csp)
                .putHeader("x-content-type-options", "nosniff")
                .end(html);
    }

    private static String hashOf(String html, String tag) {
        Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">", Pattern.DOTALL).matcher(html);
        if (!m.find()) return "'none'";
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(m.group(1).getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
