package dev.switchboard.observe;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debug logs of each translation step: the client's request, the request sent upstream, the upstream's answer.
 * Off unless the logger {@value #NAME} is at DEBUG ({@code DEBUG_TRANSLATION=true} or {@code LOG_LEVEL=debug}).
 * Secrets are masked: the attempt's own key exactly, and anything shaped like a Google key or token; long
 * base64 runs (inline images) are elided and every body is cut at {@value #MAX_CHARS} characters.
 */
final class TranslationLog {
    static final String NAME = "dev.switchboard.translation";
    static final int MAX_CHARS = 8000;
    private static final Logger LOG = LoggerFactory.getLogger(NAME);
    private static final Pattern GOOGLE_SECRETS = Pattern.compile("AIza[0-9A-Za-z_\\-]{20,}|ya29\\.[0-9A-Za-z_\\-.]{20,}");
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/=]{512,}");

    private TranslationLog() {}

    static boolean enabled() { return LOG.isDebugEnabled(); }

    static void clientRequest(String requestId, String method, String path, Buffer body) {
        if (!LOG.isDebugEnabled()) return;
        LOG.atDebug().addKeyValue("request_id", requestId).addKeyValue("step", "client_request")
                .log("[{}] client request {} {}: {}", requestId, method, path, readable(body, UnaryOperator.identity()));
    }

    static void upstreamRequest(String requestId, String credential, String url, Buffer body, UnaryOperator<String> redact) {
        if (!LOG.isDebugEnabled()) return;
        LOG.atDebug().addKeyValue("request_id", requestId).addKeyValue("step", "upstream_request")
                .log("[{}] upstream request via {} to {}: {}", requestId, credential, clean(url, redact),
                        readable(body, redact));
    }

    static void upstreamResponse(String requestId, String credential, Buffer bytes, UnaryOperator<String> redact) {
        if (!LOG.isDebugEnabled()) return;
        LOG.atDebug().addKeyValue("request_id", requestId).addKeyValue("step", "upstream_response")
                .log("[{}] upstream response via {}: {}", requestId, credential, readable(bytes, redact));
    }

    static String readable(Buffer body, UnaryOperator<String> redact) {
        String text = body.length() > MAX_CHARS * 4 ? body.getString(0, MAX_CHARS * 4, "UTF-8")
                : body.toString(StandardCharsets.UTF_8);
        text = BASE64_RUN.matcher(clean(text, redact)).replaceAll(m -> "<" + m.group().length() + " base64 chars>");
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "… (" + body.length() + " bytes)";
    }

    static String clean(String text, UnaryOperator<String> redact) {
        return GOOGLE_SECRETS.matcher(redact.apply(text)).replaceAll(m -> mask(m.group()));
    }

    private static String mask(String s) {
        return s.substring(0, 4) + "…" + s.substring(s.length() - 4);
    }
}
