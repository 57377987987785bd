package dev.switchboard;

import static dev.switchboard.format.JsonTestSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.Env;
import dev.switchboard.testing.FakeUpstream.Reply;
import dev.switchboard.testing.GeminiFixtures;
import dev.switchboard.testing.GeminiGateway;
import dev.switchboard.testing.TestGateway;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.transport.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The network transport the gateway serves on ({@link Main#transport}): epoll unless {@code SWITCHBOARD_TRANSPORT}
 * asks for io_uring or NIO, and the same answers, plain and streamed, on each, on kept and on fresh connections.
 */
class NetworkTransportTest {
    static final String KEY = "AIzaTransportTestKey000000000000000001";

    @Test
    void epollIsTheDefaultWhereItLoadsAndIoUringOnlyWhenAskedFor() {
        Transport chosen = Main.transport(new Env(Map.of()));
        assertThat(chosen.name()).isEqualTo(Transport.EPOLL.available() ? "epoll" : "nio");
        // io_uring where this machine offers it; where not, the next in line, epoll
        String asked = Main.transport(new Env(Map.of("SWITCHBOARD_TRANSPORT", "io_uring"))).name();
        assertThat(asked).isEqualTo(Transport.IO_URING.available() ? "io_uring" : chosen.name());
    }

    @Test
    void anUnknownTransportIsAConfigurationError() {
        assertThatThrownBy(() -> Main.transport(new Env(Map.of("SWITCHBOARD_TRANSPORT", "kqueue"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SWITCHBOARD_TRANSPORT")
                .hasMessageContaining("expected epoll, io_uring or nio, got 'kqueue'");
    }

    @Test
    void theNameIsReadWithoutRegardToCaseOrDash() {
        assumeTrue(Transport.EPOLL.available(), "epoll is not available here");
        assertThat(Main.transport(new Env(Map.of("SWITCHBOARD_TRANSPORT", " EPOLL "))).name()).isEqualTo("epoll");
        assertThat(Main.transport(new Env(Map.of("SWITCHBOARD_TRANSPORT", "nio"))).name()).isEqualTo("nio");
        if (Transport.IO_URING.available()) {
            assertThat(Main.transport(new Env(Map.of("SWITCHBOARD_TRANSPORT", "IO-URING"))).name()).isEqualTo("io_uring");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void eachTransportServesPlainAndStreamedAnswers(String name) throws IOException {
        Transport asked = switch (name) {
            case "io_uring" -> Transport.IO_URING;
            case "epoll" -> Transport.EPOLL;
            default -> Transport.NIO;
        };
        assumeTrue(asked.available(), name + " is not available here");
        try (GeminiGateway g = GeminiGateway.start("{}", Map.of("GEMINI_API_KEYS", KEY, "SWITCHBOARD_TRANSPORT", name))) {
            assertThat(((VertxInternal) g.gw.vertx()).transport()).isSameAs(asked.implementation());

            g.gemini.enqueue(Reply.json(200, GeminiFixtures.text("plain on " + name)));
            HttpResponse<String> plain = g.gw.post("/v1/chat/completions",
                    "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(tree(plain.body()).at("/choices/0/message/content").asText()).isEqualTo("plain on " + name);

            // Events a few milliseconds apart, each its own read on the gateway's side.
            g.gemini.enqueue(Reply.sseEvents(Duration.ofMillis(3), GeminiFixtures.chunk("streamed ", null),
                    GeminiFixtures.chunk("on ", null), GeminiFixtures.chunk(name, "STOP")));
            HttpResponse<String> streamed = g.gw.post("/v1/chat/completions",
                    "{\"model\":\"gemini-2.5-flash\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(streamed.statusCode()).isEqualTo(200);
            assertThat(TestGateway.streamedText(streamed.body())).isEqualTo("streamed on " + name);
            assertThat(TestGateway.sseData(streamed.body()).getLast()).isEqualTo("[DONE]");

            // A connection per request, as from clients that do not keep theirs: each one accepted and answered.
            for (int i = 0; i < 20; i++) {
                g.gemini.enqueue(Reply.json(200, GeminiFixtures.text("connection " + i)));
                String answer = postClosing(g.gw.port(),
                        "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
                assertThat(answer).startsWith("HTTP/1.1 200 ");
                String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                assertThat(tree(body).at("/choices/0/message/content").asText()).isEqualTo("connection " + i);
            }
        }
    }

    /** A chat request on a connection of its own that says {@code Connection: close}; the whole answer, to the end. */
    private static String postClosing(int port, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
