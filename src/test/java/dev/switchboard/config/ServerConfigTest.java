package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    private static ServerConfig parse(String yaml, Map<String, String> env) {
        return new ConfigLoader(new Env(env)).parse(yaml, Optional.empty()).server();
    }

    @Test
    void warmupIsThirtySecondsUnlessSetAndZeroTurnsItOff() {
        assertThat(parse("{}", Map.of()).warmup()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse("server: {warmup: 5s}", Map.of()).warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse("server: {warmup: 5s}", Map.of("SWITCHBOARD_WARMUP", "0s")).warmup()).isZero();
    }

    @Test
    void aBadWarmupNamesTheSettingThatIsWrong() {
        assertThatThrownBy(() -> parse("server: {warmup: soon}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.warmup");
        assertThatThrownBy(() -> parse("{}", Map.of("SWITCHBOARD_WARMUP", "-1s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_WARMUP");
    }

    @Test
    void idleGcIsFiveSecondsUnlessSetAndZeroTurnsItOff() {
        assertThat(parse("{}", Map.of()).idleGc()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse("server: {idle_gc: 1m}", Map.of()).idleGc()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("server: {idle_gc: 1m}", Map.of("SWITCHBOARD_IDLE_GC", "0s")).idleGc()).isZero();
        assertThatThrownBy(() -> parse("server: {idle_gc: later}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.idle_gc");
        assertThatThrownBy(() -> parse("{}", Map.of("SWITCHBOARD_IDLE_GC", "-5s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SWITCHBOARD_IDLE_GC");
    }

    @Test
    void fakeStreamingIntervalFromTheEnvironmentIsParsedTheSameWay() {
        ConfigLoader loader = new ConfigLoader(new Env(Map.of("FAKE_STREAMING", "true", "FAKE_STREAMING_INTERVAL", "500ms")));
        assertThat(loader.parse("{}", Optional.empty()).policies().global().fakeStreamingInterval()).contains(Duration.ofMillis(500));
        assertThatThrownBy(() -> new ConfigLoader(new Env(Map.of("FAKE_STREAMING_INTERVAL", "often"))).parse("{}", Optional.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FAKE_STREAMING_INTERVAL");
    }
}
