package dev.switchboard.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.net.FlushBatching;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.impl.HttpServerConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The listener over real sockets: what its connections write, and when it goes out. */
class GatewayServerTest {
    private Vertx vertx;
    private GatewayServer server;
    private HttpClient client;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        HttpRoutes routes = new HttpRoutes()
                // answered while the connection reads the request
                .exact(HttpMethod.GET, "/now", (req, rest) -> req.response().end("now " + batchesFlushes(req)))
                // answered from a timer, outside any read of the connection: the flush waits for the loop's task
                .exact(HttpMethod.GET, "/later", (req, rest) ->
                        vertx.setTimer(5, t -> req.response().end("later " + batchesFlushes(req))));
        server = new GatewayServer(vertx, routes);
        port = await(server.listen("127.0.0.1", 0, 1));
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(2));
    }

    @AfterEach
    void stop() throws Exception {
        await(server.close());
        await(vertx.close());
    }

    @Test
    void answersWrittenInsideAndOutsideAReadBothGoOutOnBatchingConnections() throws Exception {
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String path = i % 2 == 0 ? "/later" : "/now";
            answers.add(client.request(HttpMethod.GET, port, "127.0.0.1", path)
                    .compose(r -> r.send()).compose(r -> r.body()).map(Object::toString));
        }
        for (int i = 0; i < answers.size(); i++) {
            assertThat(await(answers.get(i))).isEqualTo((i % 2 == 0 ? "later" : "now") + " true");
        }
    }

    private static boolean batchesFlushes(HttpServerRequest req) {
        HttpConnection c = req.connection();
        return c instanceof HttpServerConnection conn
                && conn.channelHandlerContext().pipeline().first() instanceof FlushBatching;
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
