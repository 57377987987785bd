package dev.switchboard.inbound;

import static dev.switchboard.testing.OpenAiFixtures.chunk;
import static dev.switchboard.testing.OpenAiFixtures.sse;
import static dev.switchboard.testing.TestGateway.CLIENT_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.FakeUpstream;
import dev.switchboard.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading a stream holds the upstream back: the gateway stops reading the upstream once its
 * own connection to the client is full, instead of taking the rest of the answer into memory, and lets it go on
 * when the client reads again, losing nothing.
 */
class StreamFlowControlTest {
    /** 64 MB of events: several times what the sockets' buffers on both hops can hold. */
    static final int EVENTS = 32_000;
    static final String PADDING = "x".repeat(1_900);

    Vertx vertx;
    HttpServer upstream;
    TestGateway gw;
    final AtomicInteger written = new AtomicInteger();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        upstream = FakeUpstream.await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
            HttpServerResponse resp = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
            writeWhileWritable(resp);
        })).listen(0, "127.0.0.1"));
        gw = TestGateway.start("""
                providers:
                  - type: openai
                    base_url: http://127.0.0.1:%d/v1
                    keys: [sk-upstream-0000000000000001]
                """.formatted(upstream.actualPort()), Map.of("SWITCHBOARD_API_KEYS", CLIENT_KEY));
    }

    @AfterEach
    void stop() {
        gw.close();
        FakeUpstream.await(vertx.close());
    }

    /** Writes events as fast as its connection takes them, and no faster: what it wrote is what left it. */
    void writeWhileWritable(HttpServerResponse resp) {
        while (!resp.writeQueueFull()) {
            int i = written.get();
            if (i == EVENTS) {
                resp.end(Buffer.buffer(sse(chunk("{}", "stop"), "[DONE]")));
                return;
            }
            resp.write(Buffer.buffer(sse(chunk("{\"content\":\"e" + i + ";" + PADDING + "\"}", null))));
            written.incrementAndGet();
        }
        resp.drainHandler(v -> writeWhileWritable(resp));
    }

    @Test
    void aClientThatStopsReadingHoldsTheUpstreamBackAndThenGetsEveryEvent() throws Exception {
        String body = "{\"model\":\"gpt-up\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(64 * 1024);
            s.connect(new InetSocketAddress("127.0.0.1", gw.port()), 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + CLIENT_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            int held = settled();
            // Everything the upstream wrote sits in the two hops' socket buffers and the gateway's bounded
            // outbound buffer: far less than the answer.
            assertThat(held).isGreaterThan(0).isLessThan(EVENTS / 2);

            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            int next = 0;
            boolean finished = false;
            boolean done = false;
            for (String line; !done && (line = in.readLine()) != null; ) {
                if (!line.startsWith("data: ")) continue;
                String data = line.substring(6);
                if (data.equals("[DONE]")) {
                    done = true;
                } else if (data.contains("\"finish_reason\":\"stop\"")) {
                    finished = true;
                } else if (data.contains("\"content\":\"e")) {
                    assertThat(data).contains("\"content\":\"e" + next + ";" + PADDING + "\"").contains("\"model\":\"gpt-up\"");
                    next++;
                }
            }
            assertThat(next).isEqualTo(EVENTS);
            assertThat(finished).isTrue();
            assertThat(done).isTrue();
        }
    }

    /** The upstream's count once it has stopped moving for 300 ms (at most 20 s). */
    int settled() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        int last = -1;
        int still = 0;
        while (System.nanoTime() < deadline) {
            int now = written.get();
            if (now == last && now > 0 && ++still >= 6) return now;
            if (now != last) still = 0;
            last = now;
            Thread.sleep(50);
        }
        return written.get();
    }
}
