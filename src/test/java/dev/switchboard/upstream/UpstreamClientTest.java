package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.UpstreamConfig;
import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.net.FlushBatching;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.impl.HttpClientConnection;
import io.vertx.core.http.impl.UnpooledHttpClientConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class UpstreamClientTest {
    @Test
    void splitsAbsoluteUrlsLikeTheUrlClassWould() {
        RequestOptions a = UpstreamClient.options("https://generativelanguage.googleapis.com/v1beta/models/m:generateContent?alt=sse", Optional.empty());
        assertThat(a.getHost()).isEqualTo("generativelanguage.googleapis.com");
        assertThat(a.getPort()).isEqualTo(443);
        assertThat(a.isSsl()).isTrue();
        assertThat(a.getURI()).isEqualTo("/v1beta/models/m:generateContent?alt=sse");

        RequestOptions b = UpstreamClient.options("http://127.0.0.1:18080/v1/chat/completions", Optional.empty());
        assertThat(b.getHost()).isEqualTo("127.0.0.1");
        assertThat(b.getPort()).isEqualTo(18080);
        assertThat(b.isSsl()).isFalse();
        assertThat(b.getURI()).isEqualTo("/v1/chat/completions");

        RequestOptions c = UpstreamClient.options("http://[::1]:9000", Optional.empty());
        assertThat(c.getHost()).isEqualTo("[::1]");
        assertThat(c.getPort()).isEqualTo(9000);
        assertThat(c.getURI()).isEqualTo("/");

        RequestOptions d = UpstreamClient.options("http://example.com/x", Optional.empty());
        assertThat(d.getPort()).isEqualTo(80);
    }

    @Test
    void tellsIpAddressesFromHostNames() {
        assertThat(UpstreamClient.isAddress("127.0.0.1")).isTrue();
        assertThat(UpstreamClient.isAddress("10.0.0.5")).isTrue();
        assertThat(UpstreamClient.isAddress("[::1]")).isTrue();
        assertThat(UpstreamClient.isAddress("fd00::5")).isTrue();
        assertThat(UpstreamClient.isAddress("vllm")).isFalse();
        assertThat(UpstreamClient.isAddress("localhost")).isFalse();
        assertThat(UpstreamClient.isAddress("10.0.0.5.nip.io")).isFalse();
        assertThat(UpstreamClient.isAddress("generativelanguage.googleapis.com")).isFalse();
    }

    /**
     * Both ways a request goes out (a connection the event loop holds, and the shared pool) defer their flushes to
     * the end of the loop's turn, and what they write still reaches the upstream: each answer comes back.
     */
    @Test
    void heldAndPooledConnectionsSendWhatTheyWriteAtTheEndOfTheLoopsTurn() throws Exception {
        Vertx vertx = Vertx.vertx();
        FakeUpstream upstream = FakeUpstream.start(vertx);
        UpstreamClient client = new UpstreamClient(vertx, new UpstreamConfig(Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(5), 16, 1 << 20, List.of(), false));
        try {
            Context loop = vertx.getOrCreateContext();
            RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                    .setPort(upstream.port()).setURI("/v1/echo");
            for (Function<RequestOptions, Future<HttpClientRequest>> way
                    : List.<Function<RequestOptions, Future<HttpClientRequest>>>of(client::request, client::pooled)) {
                upstream.enqueue(FakeUpstream.Reply.json(200, "{\"ok\":true}"));
                CompletableFuture<String> answer = new CompletableFuture<>();
                loop.runOnContext(v -> way.apply(post).compose(req -> {
                    boolean batched = batchesFlushes(req.connection());
                    return req.send("{}").compose(resp -> resp.body()).map(body -> batched + " " + body);
                }).onComplete(ar -> {
                    if (ar.succeeded()) answer.complete(ar.result());
                    else answer.completeExceptionally(ar.cause());
                }));
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("true {\"ok\":true}");
                assertThat(upstream.takeRequest().body()).isEqualTo("{}");
            }
        } finally {
            client.close();
            upstream.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static boolean batchesFlushes(HttpConnection connection) {
        HttpConnection c = connection instanceof UnpooledHttpClientConnection u ? u.unwrap() : connection;
        return c instanceof HttpClientConnection conn
                && conn.channelHandlerContext().pipeline().first() instanceof FlushBatching;
    }
}
