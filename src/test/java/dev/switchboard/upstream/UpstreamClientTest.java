package dev.switchboard.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.RequestOptions;
import java.util.Optional;
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
}
