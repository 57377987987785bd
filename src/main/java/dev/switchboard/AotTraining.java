package dev.switchboard;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.Env;
import dev.switchboard.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code --train-aot}: runs the request path end to end once on loopback (a tiny in-process Gemini stand-in,
 * plain and streamed chat requests, the status page) so that {@code -XX:AOTCacheOutput} records the classes a
 * real start needs. Used by run.sh to build a start-up cache once per build; never part of serving.
 */
final class AotTraining {
    private static final String ANSWER = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}],\"role\":\"model\"},"
            + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":1,\"candidatesTokenCount\":1,"
            + "\"totalTokenCount\":2},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"train\"}";
    private static final String CHAT = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},"
            + "{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":8,\"temperature\":0.1%s}";

    private AotTraining() {}

    static void run() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer fake = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
                boolean sse = req.path().contains(":streamGenerateContent");
                req.response().putHeader("content-type", sse ? "text/event-stream" : "application/json")
                        .end(sse ? "data: " + ANSWER + "\r\n\r\n" : ANSWER);
            }));
            await(fake.listen(0, "127.0.0.1"));
            Map<String, String> env = Map.of("PORT", "0", "HOST", "127.0.0.1", "GEMINI_API_KEYS", "training-key-000000000001",
                    "GEMINI_BASE_URL", "http://127.0.0.1:" + fake.actualPort(), "SWITCHBOARD_API_KEYS", "sk-training");
            GatewayConfig config = new ConfigLoader(new Env(env)).load(Optional.empty());
            Gateway gw = await(Gateway.start(vertx, config, Clock.systemUTC()));
            HttpClientAgent client = vertx.createHttpClient();
            for (int i = 0; i < 50; i++) {
                await(call(client, gw.port(), HttpMethod.POST, "/v1/chat/completions", CHAT.formatted("")));
                await(call(client, gw.port(), HttpMethod.POST, "/v1/chat/completions", CHAT.formatted(",\"stream\":true")));
                await(call(client, gw.port(), HttpMethod.GET, "/health", ""));
            }
            await(gw.close());
        } finally {
            await(vertx.close());
        }
    }

    private static Future<String> call(HttpClientAgent client, int port, HttpMethod method, String path, String body) {
        return client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(method).setURI(path)
                        .putHeader("authorization", "Bearer sk-training").putHeader("content-type", "application/json"))
                .compose(r -> r.send(body)).compose(r -> r.body()).map(b -> b.toString());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
