package dev.switchboard.format.openai;

import static dev.switchboard.format.JsonTestSupport.assertJsonEquals;
import static dev.switchboard.format.JsonTestSupport.buffer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.model.EmbeddingRequest;
import dev.switchboard.model.Embeddings;
import dev.switchboard.model.GatewayException;
import dev.switchboard.model.Usage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingsTest {

    @Test
    void decodesStringsListsAndOptions() {
        EmbeddingRequest one = OpenAiEmbeddings.decode(buffer("""
                {"model":"text-embedding-3-small","input":"hi","dimensions":64,"encoding_format":"base64","user":"u1"}"""));
        assertThat(one.inputs()).containsExactly("hi");
        assertThat(one.batch()).isFalse();
        assertThat(one.dimensions()).hasValue(64);
        assertThat(one.base64()).isTrue();
        EmbeddingRequest list = OpenAiEmbeddings.decode(buffer("{\"model\":\"m\",\"input\":[\"a\"]}"));
        assertThat(list.batch()).isTrue();
        assertThat(list.base64()).isFalse();
    }

    @Test
    void refusesTokenArraysNamingTheField() {
        assertThatThrownBy(() -> OpenAiEmbeddings.decode(buffer("{\"model\":\"m\",\"input\":[\"a\",[1,2]]}")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.param()).contains("input[1]");
                    assertThat(e.getMessage()).contains("token arrays");
                });
        assertThatThrownBy(() -> OpenAiEmbeddings.decode(buffer("{\"model\":\"m\",\"input\":{\"a\":1}}")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.param()).contains("input"));
    }

    @Test
    void encodesFloatsOrBase64() {
        var e = new Embeddings(List.of(new double[] {0.25, -1.5}), Optional.of(new Usage(3, 0, 3, 0, 0)));
        assertJsonEquals(OpenAiEmbeddings.encode(e, "alias", false), """
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,-1.5]}],"model":"alias",
                 "usage":{"prompt_tokens":3,"total_tokens":3}}
                """);
        // 0.25f = 0x3E800000, -1.5f = 0xBFC00000, little-endian
        assertThat(OpenAiEmbeddings.base64(new double[] {0.25, -1.5})).isEqualTo("AACAPgAAwL8=");
    }
}
