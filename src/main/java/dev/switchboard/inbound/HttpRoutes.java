package dev.switchboard.inbound;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The gateway's route table: exact paths, and prefixes whose remainder is a parameter (a model name,
 * {@code gemini-2.5-flash:generateContent}). Each inbound API registers its own routes.
 */
public final class HttpRoutes {
    /** A handler given the request and the path remainder after the matched prefix (empty for exact routes). */
    public interface RouteHandler {
        void handle(HttpServerRequest request, String rest);
    }

    private final Map<String, RouteHandler> exact = new HashMap<>();
    private final List<Prefix> prefixes = new ArrayList<>();

    private record Prefix(HttpMethod method, String prefix, RouteHandler handler) {}

    /** A route taken only for requests that {@code when} accepts; checked before all others. */
    private record Guarded(HttpMethod method, String path, boolean prefix, Predicate<HttpServerRequest> when,
                           RouteHandler handler) {}

    private final List<Guarded> guarded = new ArrayList<>();

    public HttpRoutes exact(HttpMethod method, String path, RouteHandler handler) {
        exact.put(method.name() + " " + path, handler);
        return this;
    }

    public HttpRoutes prefix(HttpMethod method, String prefix, RouteHandler handler) {
        prefixes.add(new Prefix(method, prefix, handler));
        prefixes.sort((a, b) -> b.prefix.length() - a.prefix.length());
        return this;
    }

    /**
     * Like {@link #exact}, but only for requests {@code when} accepts, and ahead of the unconditional route of the
     * same path: one path, two kinds of client (e.g. {@code GET /v1/models} from OpenAI and from Google SDKs).
     */
    public HttpRoutes exactWhen(HttpMethod method, String path, Predicate<HttpServerRequest> when, RouteHandler handler) {
        guarded.add(new Guarded(method, path, false, when, handler));
        return this;
    }

    /** Like {@link #prefix}, but only for requests {@code when} accepts, ahead of every unconditional route. */
    public HttpRoutes prefixWhen(HttpMethod method, String prefix, Predicate<HttpServerRequest> when, RouteHandler handler) {
        guarded.add(new Guarded(method, prefix, true, when, handler));
        return this;
    }

    /** Finds the handler for a request: a conditional route that accepts it, else exact match, else the longest prefix. */
    Optional<Handler<HttpServerRequest>> match(HttpServerRequest req) {
        String path = req.path();
        if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        for (Guarded g : guarded) {
            boolean fits = g.prefix ? path.startsWith(g.path) && path.length() > g.path.length() : path.equals(g.path);
            if (fits && g.method.equals(req.method()) && g.when.test(req)) {
                String rest = g.prefix ? path.substring(g.path.length()) : "";
                return Optional.of(r -> g.handler.handle(r, rest));
            }
        }
        RouteHandler h = exact.get(req.method().name() + " " + path);
        if (h != null) return Optional.of(r -> h.handle(r, ""));
        for (Prefix p : prefixes) {
            if (p.method.equals(req.method()) && path.startsWith(p.prefix) && path.length() > p.prefix.length()) {
                String rest = path.substring(p.prefix.length());
                return Optional.of(r -> p.handler.handle(r, rest));
            }
        }
        return Optional.empty();
    }

    /** Whether any route exists for this path with another method (405 rather than 404). */
    boolean knowsPath(String path) {
        for (String k : exact.keySet()) if (k.substring(k.indexOf(' ') + 1).equals(path)) return true;
        for (Prefix p : prefixes) if (path.startsWith(p.prefix) && path.length() > p.prefix.length()) return true;
        return false;
    }
}
