package dev.switchboard.testing;

import dev.switchboard.Gateway;
import dev.switchboard.Main;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.Env;
import dev.switchboard.config.GatewayConfig;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real gateway on an ephemeral loopback port, configured from YAML text and an environment map, plus a
 * plain JDK HTTP client to talk to it as any client would. Its Vert.x is the one a process makes
 * ({@link Main#newVertx}), on the network transport the environment map picks ({@code SWITCHBOARD_TRANSPORT}).
 */
public final class TestGateway implements AutoCloseable {
    private final Vertx vertx;
    private final Gateway gateway;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(Vertx vertx, Gateway gateway) {
        this.vertx = vertx;
        this.gateway = gateway;
    }

    public static TestGateway start(String yaml, Map<String, String> env) {
        return start(yaml, env, Clock.systemUTC());
    }

    /** The Gemini key and the client key that {@link #withGemini} configures. */
    public static final String GEMINI_KEY = "AIzaSyFAKE-key-0001-abcdefghijklmnop";
    public static final String CLIENT_KEY = "sk-client-1";

    /**
     * The usual set-up of the surface tests: one Gemini key ({@link #GEMINI_KEY}) at {@code gemini}, one client key
     * ({@link #CLIENT_KEY}), and {@code env} on top.
     */
    public static TestGateway withGemini(FakeUpstream gemini, String yaml, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putIfAbsent("GEMINI_API_KEYS", GEMINI_KEY);
        all.putIfAbsent("GEMINI_BASE_URL", gemini.baseUrl());
        all.putIfAbsent("SWITCHBOARD_API_KEYS", CLIENT_KEY);
        return start(yaml, all);
    }

    /**
     * A gateway whose one provider is the OpenAI-compatible server {@code openai} (at {@code /v1}), with one key that
     * serves {@code models} (YAML: names, or {@code {name: …, alias: …}}), one attempt per request and the test
     * client's key.
     */
    public static TestGateway withOpenAi(FakeUpstream openai, String upstreamKey, String models) {
        return start("""
                providers:
                  - type: openai
                    base_url: %s/v1
                    credentials:
                      - key: %s
                        models: [%s]
                """.formatted(openai.baseUrl(), upstreamKey, models),
                Map.of("SWITCHBOARD_API_KEYS", CLIENT_KEY, "MAX_ATTEMPTS", "1"));
    }

    public static TestGateway start(String yaml, Map<String, String> env, Clock clock) {
        Map<String, String> withPort = new java.util.HashMap<>(env);
        withPort.putIfAbsent("PORT", "0");
        withPort.putIfAbsent("HOST", "127.0.0.1");
        Env vars = new Env(withPort);
        GatewayConfig config = new ConfigLoader(vars).parse(yaml, Optional.empty());
        Vertx vertx = Main.newVertx(Main.transport(vars));
        Gateway g = FakeUpstream.await(Gateway.start(vertx, config, clock));
        return new TestGateway(vertx, g);
    }

    /**
     * A gateway configured from {@code file} (and {@code env}) with live reload on: rewriting the file, or
     * {@code POST /admin/reload}, reads both again.
     */
    public static TestGateway startFromFile(Path file, Map<String, String> env) {
        Map<String, String> withPort = new java.util.HashMap<>(env);
        withPort.putIfAbsent("PORT", "0");
        withPort.putIfAbsent("HOST", "127.0.0.1");
        Env vars = new Env(withPort);
        ConfigLoader loader = new ConfigLoader(vars);
        Vertx vertx = Main.newVertx(Main.transport(vars));
        Gateway g = FakeUpstream.await(Gateway.start(vertx, loader.load(Optional.of(file)), Clock.systemUTC()));
        g.enableReload(() -> loader.load(Optional.of(file)));
        return new TestGateway(vertx, g);
    }

    public Vertx vertx() { return vertx; }

    public Gateway gateway() { return gateway; }

    public int port() { return gateway.port(); }

    public String url(String path) { return "http://127.0.0.1:" + gateway.port() + path; }

    public HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b.build());
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b.build());
    }

    /** POSTs and returns the raw response with its body as a stream, for reading SSE incrementally. */
    public HttpResponse<InputStream> postStreaming(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The text of an OpenAI stream: its chunks' {@code choices[0].delta.content}, joined in order. */
    public static String streamedText(String body) {
        StringBuilder text = new StringBuilder();
        for (String d : sseData(body)) {
            if (d.equals("[DONE]")) continue;
            try {
                text.append(JSON.readTree(d).at("/choices/0/delta/content").asText(""));
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + d, e);
            }
        }
        return text.toString();
    }

    /** The {@code data:} payloads of an SSE response, in order. */
    public static List<String> sseData(String body) {
        List<String> out = new ArrayList<>();
        for (String line : body.split("\r\n|\n|\r")) if (line.startsWith("data: ")) out.add(line.substring(6));
        return out;
    }

    public static List<String> readLines(InputStream in) {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) out.add(l);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return out;
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        FakeUpstream.await(gateway.close());
        FakeUpstream.await(vertx.close());
    }
}
