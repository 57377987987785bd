package dev.switchboard.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisUrlTest {
    @Test
    void passwordsAreKeptForTheClientAndMaskedForPeople() {
        RedisUrl u = RedisUrl.parse("redis://:s3cr%2Ft+x@cache.local:6380/3");

        assertThat(u.password()).contains("s3cr/t+x");
        assertThat(u.host()).isEqualTo("cache.local");
        assertThat(u.port()).isEqualTo(6380);
        assertThat(u.db()).isEqualTo(3);
        assertThat(u.masked()).isEqualTo("redis://:****@cache.local:6380/3");
        assertThat(u.toString()).doesNotContain("s3cr");
        assertThat(RedisUrl.parse(u.connectionString())).isEqualTo(u);
    }

    @Test
    void usersTlsAndDefaults() {
        RedisUrl u = RedisUrl.parse("rediss://app:pw@redis.example");

        assertThat(u.tls()).isTrue();
        assertThat(u.user()).contains("app");
        assertThat(u.port()).isEqualTo(6379);
        assertThat(u.masked()).isEqualTo("rediss://app:****@redis.example:6379/0");
        assertThat(RedisUrl.parse("redis://localhost").password()).isEmpty();
        assertThat(RedisUrl.parse("redis://localhost").masked()).isEqualTo("redis://localhost:6379/0");
    }

    @Test
    void errorsNeverRepeatThePassword() {
        assertThatThrownBy(() -> RedisUrl.parse("http://:hunter2@x")).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisUrl.parse("redis://:hunter2@x/zero")).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisUrl.parse("redis://:hunter2@")).hasMessageNotContaining("hunter2");
    }
}
