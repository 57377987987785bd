package dev.switchboard;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.Env;
import dev.switchboard.config.GatewayConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the request path end to end on loopback, against a stand-in upstream in this process, so that the JIT
 * has compiled it before real traffic needs it: the first streams after a start otherwise run interpreted, and
 * the compiler's own work lands on them (on one core it doubles the cost of the first thousands of events).
 *
 * <p>On one core the compiler cannot keep up with a pass: methods that got hot wait in its queue, still
 * interpreted, while the pass goes on. So the warm-up runs in passes, and between two passes it waits for the
 * compiler to go quiet; the next pass runs the compiled code, and what only it reaches gets hot in turn. With
 * tiered compilation (before config/jvm.options turned C1 off), one pass left the first seconds of load after
 * it at 2.5 times the settled CPU per request, and three cut that in half (docs/benchmarks.md).
 *
 * <p>The warm-up gateway is a separate instance with its own configuration, pools and quiet telemetry: it never
 * sees the real credentials, the real pool state or the access log, and it is closed when done. It shares the
 * process's Vert.x, so the same event loops and the same code are exercised. {@code --train-aot} runs a short
 * warm-up to record the start-up cache.
 */
final class Warmup {
    private static final Logger log = LoggerFactory.getLogger(Warmup.class);
    private static final String KEY = "sk-warmup";
    private static final int CHUNKS = 12;
    /** One request in this many opens a new client connection, and one answer in this many a new upstream one. */
    private static final int NEW_CONNECTION_EVERY = 7;
    /**
     * One request in this many goes over a connection of its own, written by hand: a body chunked, with its end in
     * two writes ({@link #sendSplitEnd}).
     */
    private static final int SPLIT_END_EVERY = 50;
    private static final int RAW_IDLE_SECONDS = 10;
    private static final AtomicInteger answered = new AtomicInteger();
    /** Idle connections the stand-in upstreams closed between passes ({@link Passes#closeUpstreams}), so far. */
    private static final AtomicInteger upstreamsClosed = new AtomicInteger();
    /*
     * The stand-in's answers carry the fields the real APIs send (log-probabilities, token details, service tier,
     * fingerprint), so that the parsers meet the same names and number forms as in real traffic.
     */
    private static final String GEMINI_ANSWER = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"lorem ipsum \"}],"
            + "\"role\":\"model\"},\"finishReason\":\"STOP\",\"avgLogprobs\":-0.0421,\"index\":0}],\"usageMetadata\":"
            + "{\"promptTokenCount\":12,\"candidatesTokenCount\":2,\"totalTokenCount\":14,\"promptTokensDetails\":"
            + "[{\"modality\":\"TEXT\",\"tokenCount\":12}],\"candidatesTokensDetails\":[{\"modality\":\"TEXT\","
            + "\"tokenCount\":2}]},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"warmup\"}";
    private static final String GEMINI_CHUNK = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"lorem ipsum \"}],"
            + "\"role\":\"model\"}%s,\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":12,\"candidatesTokenCount\":%d,"
            + "\"totalTokenCount\":%d},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"warmup\"}";
    private static final String OPENAI_ANSWER = "{\"id\":\"chatcmpl-warmup\",\"object\":\"chat.completion\",\"created\":1764748800,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"lorem ipsum\","
            + "\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":19,"
            + "\"completion_tokens\":2,\"total_tokens\":21,\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
            + "\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\",\"system_fingerprint\":\"fp_warmup\"}";
    private static final String OPENAI_CHUNK = "{\"id\":\"chatcmpl-warmup\",\"object\":\"chat.completion.chunk\",\"created\":1764748800,"
            + "\"model\":\"gpt-4o-mini\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_warmup\",\"choices\":"
            + "[{\"index\":0,\"delta\":%s,\"logprobs\":null,\"finish_reason\":%s}],\"usage\":null}";
    private static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"system\",\"content\":\"Answer briefly.\"},"
            + "{\"role\":\"user\",\"content\":\"Say something about printing presses.\"}],\"max_tokens\":64,"
            + "\"temperature\":0.2%s}";
    private static final String NATIVE = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say something.\"}]}],"
            + "\"generationConfig\":{\"maxOutputTokens\":64}}";

    /**
     * What a warm-up sends: {@code rounds} rounds of every kind of request over {@code clients} connections, then
     * {@code bursts} bursts of {@code burstStreams} streams at once; all of that {@code passes} times, with a
     * pause for the compiler to catch up between two passes. In a burst the stand-in upstream sends a stream's
     * events {@code eventGap} apart (zero: one per turn of the event loop), so that the streams are open together
     * for as long as that takes.
     */
    record Plan(int rounds, int clients, int bursts, int passes, int burstStreams, Duration eventGap) {
        /** A plan whose bursts are {@link #BURST_STREAMS} streams sent as fast as the stand-in can. */
        Plan(int rounds, int clients, int bursts, int passes) {
            this(rounds, clients, bursts, passes, BURST_STREAMS, Duration.ZERO);
        }
    }

    /** What a start runs (within {@code server.warmup}). */
    static final Plan AT_START = new Plan(1350, 2, 4, 3);
    /** How often the pause between passes asks whether the compiler is still working. */
    private static final Duration QUIET_POLL = Duration.ofMillis(200);
    /** The compiler counts as quiet when its total compilation time has not moved for this many polls. */
    private static final int QUIET_POLLS = 2;

    /** One kind of client request; each round sends every one of them once. */
    private record Call(HttpMethod method, String path, String body) {
        /**
         * The body as clients write it: {@link #BODY_STYLES} styles, by number. 0: compact, as {@code JSON.stringify}
         * writes it. 1: with the newline that ends a file (curl's {@code --data-binary @file}, the load harness's
         * bodies). 2: with Python's {@code json.dumps} separators, a space after each comma and colon. Code that
         * reads a body's bytes takes other branches for that whitespace, and a branch that the warm-up and the
         * start-up cache's training never took is compiled as never taken: the first real request that takes it
         * throws that code away, and with C2 only it then runs interpreted until it has been called thousands of
         * times again (docs/benchmarks.md, "Stream first byte").
         */
        String body(int style) {
            if (body.isEmpty()) return body;
            return switch (style % BODY_STYLES) {
                case 1 -> body + "\n";
                case 2 -> pythonStyle(body);
                default -> body;
            };
        }
    }

    /** How many ways of writing a body {@link Call#body(int)} knows. */
    private static final int BODY_STYLES = 3;

    /** {@code json} with a space after every comma and colon outside strings, as Python's {@code json.dumps} writes. */
    static String pythonStyle(String json) {
        StringBuilder out = new StringBuilder(json.length() + json.length() / 8);
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            out.append(c);
            if (inString) {
                if (c == '\\') out.append(json.charAt(++i));
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == ',' || c == ':') {
                out.append(' ');
            }
        }
        return out.toString();
    }

    private static final List<Call> CALLS = List.of(
            new Call(HttpMethod.POST, "/v1/chat/completions", CHAT.formatted("gemini-2.5-flash", "")),
            new Call(HttpMethod.POST, "/v1/chat/completions", CHAT.formatted("gemini-2.5-flash", ",\"stream\":true")),
            new Call(HttpMethod.POST, "/v1/chat/completions", CHAT.formatted("gpt-4o-mini", "")),
            // Streamed without asking for usage (what most clients send): the gateway then adds the request for it
            // upstream and keeps the usage chunk from the client, a path of its own.
            new Call(HttpMethod.POST, "/v1/chat/completions", CHAT.formatted("gpt-4o-mini", ",\"stream\":true")),
            new Call(HttpMethod.POST, "/v1/chat/completions",
                    CHAT.formatted("gpt-4o-mini", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}")),
            new Call(HttpMethod.POST, "/v1beta/models/gemini-2.5-flash:generateContent", NATIVE),
            new Call(HttpMethod.POST, "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", NATIVE),
            new Call(HttpMethod.GET, "/v1/models", ""),
            new Call(HttpMethod.GET, "/health", ""));

    /** The streamed kinds, which the bursts send. */
    private static final List<Call> STREAMED = CALLS.stream()
            .filter(c -> c.path().contains(":stream") || c.body().contains("\"stream\":true")).toList();
    /**
     * Streams opened at once in one burst at start: enough that the gateway accepts a crowd of clients, opens
     * upstream connections side by side and relays many streams in turn, as under real load. Larger bursts leave
     * their promoted state in the old generation, which stays resident (docs/benchmarks.md); the start-up cache's
     * training, a process of its own, sends larger ones ({@link AotTraining}).
     */
    static final int BURST_STREAMS = 64;

    /** Set when the process shuts down: a warm-up still running then ends without a word. */
    private static volatile boolean stopping;
    /** The running (or last) warm-up's result; what {@link #stop} waits on. */
    private static volatile Future<Integer> current = Future.succeededFuture(0);
    /** How long after the listener opens the warm-up begins. */
    static final Duration DELAY = Duration.ofSeconds(1);

    private Warmup() {}

    /**
     * Ends any running warm-up quietly: no new request starts, and the returned future completes once the ones in
     * flight have been answered. The shutdown hook waits on it (briefly) before closing Vert.x, so that no warm-up
     * request is cut off and logged as a failed attempt.
     */
    static Future<Integer> stop() {
        stopping = true;
        return current;
    }

    /**
     * Sends what {@code plan} says (every kind of request: plain and streamed, OpenAI and Gemini in and out),
     * stopping early at {@code budget}. Never fails: a problem is logged and ends it. Yields the number of
     * requests answered.
     */
    static Future<Integer> run(Vertx vertx, Plan plan, Duration budget) {
        return run(vertx, plan, budget, Warmup::compilationMillis);
    }

    /** As above; {@code compilationMillis} is the compiler's total time so far, which the pauses watch. */
    static Future<Integer> run(Vertx vertx, Plan plan, Duration budget, LongSupplier compilationMillis) {
        if (stopping) return Future.succeededFuture(0);
        long deadline = System.nanoTime() + budget.toNanos();
        long started = System.nanoTime();
        // The stand-in paces its streams while a burst runs (the flag is set and cleared by the bursts).
        AtomicBoolean pacing = new AtomicBoolean();
        long gapMillis = plan.eventGap().toMillis();
        Set<HttpConnection> upstreams = ConcurrentHashMap.newKeySet();
        HttpServer upstream = vertx.createHttpServer().requestHandler(req -> answer(req, pacing.get() ? gapMillis : 0))
                .connectionHandler(c -> {
                    upstreams.add(c);
                    c.closeHandler(v -> upstreams.remove(c));
                });
        Promise<Integer> done = Promise.promise();
        current = done.future();
        int[] sent = new int[1];
        upstream.listen(0, "127.0.0.1").compose(u -> Gateway.startQuiet(vertx, config(u.actualPort()), Clock.systemUTC()))
                .onFailure(err -> {
                    log.warn("warm-up skipped: {}", err.toString());
                    upstream.close();
                    done.complete(0);
                })
                .onSuccess(gw -> {
                    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions(),
                            new PoolOptions().setHttp1MaxSize(plan.burstStreams()));
                    // Closed by the gateway after each answer; the idle timeout only ends one it never closes.
                    NetClient raw = vertx.createNetClient(new NetClientOptions().setIdleTimeout(RAW_IDLE_SECONDS));
                    Passes passes = new Passes(vertx, client, raw, gw.port(), plan, deadline, compilationMillis, pacing,
                            upstreams, sent);
                    passes.run(plan.passes()).onComplete(ar -> {
                        if (stopping) {
                            done.complete(sent[0]);   // Vert.x is closing and takes the servers with it
                            return;
                        }
                        if (ar.failed()) log.warn("warm-up ended early: {}", ar.cause().toString());
                        log.debug("warm-up: {} requests in {} ms", sent[0], (System.nanoTime() - started) / 1_000_000);
                        client.close().eventually(raw::close).eventually(gw::close).eventually(upstream::close).onComplete(x -> done.complete(sent[0]));
                    });
                });
        return done.future();
    }

    /**
     * The passes of one warm-up, over one private gateway and one client; {@code upstreams} are the stand-in's open
     * connections, {@code sent} counts the answers.
     */
    private record Passes(Vertx vertx, HttpClientAgent client, NetClient raw, int port, Plan plan, long deadline,
                          LongSupplier compilationMillis, AtomicBoolean pacing, Set<HttpConnection> upstreams,
                          int[] sent) {
        Future<Void> run(int left) {
            Future<?>[] workers = new Future<?>[plan.clients()];
            int total = plan.rounds() * CALLS.size();
            for (int i = 0; i < plan.clients(); i++) {
                int share = total / plan.clients() + (i < total % plan.clients() ? 1 : 0);
                workers[i] = loop(i, share);
            }
            Future<Void> pass = Future.join(List.of(workers)).compose(x -> {
                pacing.set(true);
                return bursts(plan.bursts());
            }).eventually(() -> {
                pacing.set(false);
                return Future.succeededFuture();
            });
            if (left <= 1) return pass;
            return pass.compose(x -> closeUpstreams()).compose(x -> compilerQuiet()).compose(x -> run(left - 1));
        }

        /**
         * Closes the stand-in's connections, which the gateway keeps idle between two passes, as an upstream does with
         * a kept-alive connection it has no more use for (the harness's mock when it reloads, Google's front ends
         * after a while). The gateway reads the end of a connection no request is using, drops it, and opens new ones
         * in the next pass. Without this, the first such end in real traffic threw away the compiled code of a method
         * of Netty's HTTP decoder that every upstream read runs ({@code HttpContentDecoder.channelReadComplete}), which
         * then ran interpreted until it had been called thousands of times again (docs/benchmarks.md, "Stream first
         * byte").
         */
        private Future<Void> closeUpstreams() {
            List<Future<Void>> closing = new ArrayList<>(upstreams.size());
            for (HttpConnection c : upstreams) closing.add(c.close());   // a concurrent set: closes may remove
            upstreamsClosed.addAndGet(closing.size());
            return Future.join(closing).<Void>mapEmpty().otherwiseEmpty();
        }

        /** Completes once the compiler's total time has stood still for {@link #QUIET_POLLS} polls, or at the deadline. */
        private Future<Void> compilerQuiet() {
            Promise<Void> quiet = Promise.promise();
            long[] last = {compilationMillis.getAsLong()};
            int[] still = {0};
            vertx.setPeriodic(QUIET_POLL.toMillis(), id -> {
                long now = compilationMillis.getAsLong();
                still[0] = now == last[0] ? still[0] + 1 : 0;
                last[0] = now;
                if (still[0] >= QUIET_POLLS || over()) {
                    vertx.cancelTimer(id);
                    quiet.complete();
                }
            });
            return quiet.future();
        }

        /** Whether the warm-up has to end: the process is stopping, or the budget is spent. */
        private boolean over() {
            return stopping || System.nanoTime() > deadline;
        }

        /*
         * The next request is sent from the previous one's answer, and each worker completes one promise at its
         * end: not a chain of futures, one per request, that would unwind recursively (and overflow the event
         * loop's stack) when the last one completes.
         */
        private Future<Void> loop(int first, int count) {
            Promise<Void> done = Promise.promise();
            loop(first, count, done);
            return done.future();
        }

        private void loop(int next, int left, Promise<Void> done) {
            if (left <= 0 || over()) {
                done.complete();
                return;
            }
            // Now and then a new client connection, so that accepting one is compiled too (a burst of new clients
            // otherwise meets it interpreted).
            Call call = CALLS.get(next % CALLS.size());
            Future<?> answer = next % SPLIT_END_EVERY == SPLIT_END_EVERY - 1
                    ? sendSplitEnd(vertx, raw, port, call, sent)
                    : send(client, port, call, next % NEW_CONNECTION_EVERY == 0, next % 2 == 1,
                            next / CALLS.size(), sent);
            answer.onComplete(ar -> {
                if (ar.failed()) done.fail(ar.cause());
                else loop(next + 1, left - 1, done);
            });
        }

        private Future<Void> bursts(int left) {
            if (left <= 0 || over()) return Future.succeededFuture();
            List<Future<Buffer>> streams = new ArrayList<>(plan.burstStreams());
            for (int i = 0; i < plan.burstStreams(); i++) {
                streams.add(send(client, port, STREAMED.get(i % STREAMED.size()), false, i % 2 == 1,
                        i / STREAMED.size(), sent));
            }
            return Future.all(streams).compose(x -> bursts(left - 1));
        }
    }

    /** How many idle connections the warm-ups' stand-in upstreams have closed between passes, in this process. */
    static int upstreamsClosed() {
        return upstreamsClosed.get();
    }

    /** The JIT's total compilation time in milliseconds; constant (so never waited on) without a JIT to ask. */
    private static long compilationMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * One request; fails unless it is answered 200. Header names are lower case or, with {@code titleCase}, the
     * way curl, Node and most HTTP/1.1 clients write them: Vert.x keeps a constant for each spelling of the
     * common names, and code compiled for only one of them is thrown away when the other arrives. The body is
     * written in style {@code bodyStyle} ({@link Call#body(int)}).
     */
    private static Future<Buffer> send(HttpClientAgent client, int port, Call call, boolean newConnection,
                                       boolean titleCase, int bodyStyle, int[] sent) {
        RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(call.method())
                .setURI(call.path())
                .putHeader(titleCase ? "Authorization" : "authorization", "Bearer " + KEY)
                .putHeader(titleCase ? "X-Goog-Api-Key" : "x-goog-api-key", KEY)
                .putHeader(titleCase ? "Content-Type" : "content-type", "application/json")
                .putHeader(titleCase ? "Accept" : "accept", "*/*");
        // Node and Python's requests say keep-alive: the server's look at the value then finds something else too.
        if (newConnection) options.putHeader(titleCase ? "Connection" : "connection", "close");
        else if (titleCase) options.putHeader("Connection", "keep-alive");
        return client.request(options)
                .compose(r -> r.send(call.body(bodyStyle)))
                .compose(r -> r.body().map(b -> {
                    if (r.statusCode() != 200) throw new IllegalStateException(call.path() + " answered " + r.statusCode() + ": " + b);
                    sent[0]++;
                    return b;
                }));
    }

    /**
     * One request the way a client that streams its upload sends it (curl with {@code -T -}, Python's requests with
     * a generator): the body chunked, and the end of it in two writes, {@code 0\r\n\r} and, a moment later, the
     * last {@code \n}. Netty's HTTP decoder, which reads client requests and upstream answers alike, then keeps a
     * line it has only part of and waits for the next read. Real traffic does that when a read ends inside a line
     * (the harness's sequential streams did, at the end of an upstream's answer); compiled without ever having seen
     * it, the decoder was thrown away there and ran interpreted until called thousands of times again
     * (docs/benchmarks.md, "Stream first byte"). Over its own connection, closed after the answer; fails unless the
     * answer is a 200. A request without a body (a list, the health check) goes the same way, in one write.
     */
    private static Future<Void> sendSplitEnd(Vertx vertx, NetClient raw, int port, Call call, int[] sent) {
        String head = call.method() + " " + call.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + KEY + "\r\nContent-Type: application/json\r\nConnection: close\r\n";
        String request = call.body().isEmpty() ? head + "\r\n"
                : head + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(call.body().length()) + "\r\n"
                + call.body() + "\r\n0\r\n\r";
        return raw.connect(port, "127.0.0.1").compose(socket -> {
            Promise<Void> done = Promise.promise();
            Buffer answer = Buffer.buffer();
            socket.handler(answer::appendBuffer);
            socket.closeHandler(v -> {
                if (answer.length() >= 12 && answer.getString(0, 12).equals("HTTP/1.1 200")) {
                    sent[0]++;
                    done.complete();
                } else {
                    done.fail(new IllegalStateException(call.path() + " answered a chunked upload with "
                            + answer.getString(0, Math.min(answer.length(), 200))));
                }
            });
            socket.write(request);
            if (!call.body().isEmpty()) vertx.setTimer(1, id -> socket.write("\n"));
            return done.future();
        });
    }

    private static GatewayConfig config(int upstreamPort) {
        String base = "http://127.0.0.1:" + upstreamPort;
        String yaml = """
                server: {host: 127.0.0.1, port: 0, client_keys: [%s], reload_interval: 0s}
                providers:
                  - name: gemini
                    type: gemini
                    base_url: %s
                    credentials:
                      - {id: warmup-1, key: warmup-gemini-key-000000001}
                      - {id: warmup-2, key: warmup-gemini-key-000000002}
                  - name: openai
                    type: openai
                    base_url: %s/v1
                    credentials:
                      - {id: warmup-3, key: warmup-openai-key-000000003, models: [gpt-4o-mini]}
                """.formatted(KEY, base, base);
        // An empty environment: nothing of the real configuration (keys, ports, Redis) reaches the warm-up.
        return new ConfigLoader(new Env(Map.of())).parse(yaml, Optional.empty());
    }

    /**
     * The stand-in upstream: Gemini and OpenAI answers, plain and streamed, shaped like the real ones; a stream's
     * events {@code gapMillis} apart (zero: one per turn of the event loop).
     */
    private static void answer(HttpServerRequest req, long gapMillis) {
        req.body().onSuccess(body -> {
            HttpServerResponse resp = req.response();
            int n = answered.incrementAndGet();
            // Every other answer's header names as nginx and Google's front ends write them (see send).
            String contentType = n % 2 == 0 ? "Content-Type" : "content-type";
            // The gateway then opens a new upstream connection for a later request: that path gets compiled too.
            if (n % NEW_CONNECTION_EVERY == 3) resp.putHeader(n % 2 == 0 ? "Connection" : "connection", "close");
            String path = req.path();
            if (req.method() == HttpMethod.GET) {
                resp.putHeader(contentType, "application/json").end(path.endsWith("/v1/models")
                        ? "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\",\"owned_by\":\"warmup\"}]}"
                        : "{\"models\":[{\"name\":\"models/gemini-2.5-flash\",\"supportedGenerationMethods\":"
                        + "[\"generateContent\",\"streamGenerateContent\"]}]}");
                return;
            }
            boolean gemini = path.contains(":generateContent") || path.contains(":streamGenerateContent");
            // The client's body may have come with spaces after its colons (Call#body), and so may the gateway's
            boolean stream = path.contains(":streamGenerateContent")
                    || body.toString().replace(" ", "").contains("\"stream\":true");
            if (!stream) {
                resp.putHeader(contentType, "application/json")
                        .end(gemini ? GEMINI_ANSWER : OPENAI_ANSWER);
                return;
            }
            resp.setChunked(true).putHeader(contentType, "text/event-stream");
            List<String> events = new ArrayList<>(CHUNKS + 3);
            for (int i = 1; i <= CHUNKS; i++) {
                boolean last = i == CHUNKS;
                events.add(gemini
                        ? "data: " + GEMINI_CHUNK.formatted(last ? ",\"finishReason\":\"STOP\"" : "", i, 12 + i) + "\r\n\r\n"
                        : "data: " + OPENAI_CHUNK.formatted(i == 1 ? "{\"role\":\"assistant\",\"content\":\"lorem \"}"
                                : "{\"content\":\"ipsum \"}", "null") + "\n\n");
            }
            if (!gemini) {
                events.add("data: " + OPENAI_CHUNK.formatted("{}", "\"stop\"") + "\n\n");
                events.add("data: {\"id\":\"chatcmpl-warmup\",\"object\":\"chat.completion.chunk\",\"created\":1764748800,"
                        + "\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":12,"
                        + "\"total_tokens\":31}}\n\n");
                events.add("data: [DONE]\n\n");
            }
            writePaced(resp, events, 0, gapMillis);
        });
    }

    /**
     * One event per turn of the event loop (or per {@code gapMillis}), as a real upstream's events arrive: each
     * reaches the gateway in a read of its own, the way it does in production, rather than all of them in one
     * buffer.
     */
    private static void writePaced(HttpServerResponse resp, List<String> events, int next, long gapMillis) {
        if (resp.closed()) return;
        if (next == events.size()) {
            resp.end();
            return;
        }
        resp.write(events.get(next));
        Context context = Vertx.currentContext();
        if (gapMillis > 0) context.owner().setTimer(gapMillis, id -> writePaced(resp, events, next + 1, gapMillis));
        else context.runOnContext(v -> writePaced(resp, events, next + 1, gapMillis));
    }
}
