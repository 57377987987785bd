package dev.switchboard.format.gemini;

import static dev.switchboard.format.JsonTestSupport.assertJsonEquals;
import static dev.switchboard.format.JsonTestSupport.buffer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.model.EmbeddingRequest;
import dev.switchboard.model.Embeddings;
import dev.switchboard.model.ErrorKind;
import dev.switchboard.model.GatewayException;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GeminiEmbeddingsTest {

    @Test
    void oneTextIsEmbedContentAndAListIsBatchEmbedContents() {
        var one = new EmbeddingRequest("alias", List.of("hi"), false, OptionalInt.of(256), false);
        assertThat(GeminiEmbeddings.method(one)).isEqualTo("embedContent");
        assertJsonEquals(GeminiEmbeddings.encode(one, "gemini-embedding-001"), """
                {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"hi"}]},"outputDimensionality":256}
                """);
        var list = new EmbeddingRequest("alias", List.of("a"), true, OptionalInt.empty(), false);
        assertThat(GeminiEmbeddings.method(list)).isEqualTo("batchEmbedContents");
        assertJsonEquals(GeminiEmbeddings.encode(list, "m"), """
                {"requests":[{"model":"models/m","content":{"parts":[{"text":"a"}]}}]}
                """);
    }

    @Test
    void answersOfBothMethodsDecode() {
        Embeddings one = GeminiEmbeddings.decode(buffer("{\"embedding\":{\"values\":[0.5,-1e-05]}}"));
        assertThat(one.vectors()).hasSize(1);
        assertThat(one.vectors().getFirst()).containsExactly(0.5, -1e-05);
        assertThat(one.usage()).isEmpty();
        Embeddings two = GeminiEmbeddings.decode(buffer("""
                {"embeddings":[{"values":[1]},{"values":[2]}],"usageMetadata":{"promptTokenCount":4,"totalTokenCount":4}}"""));
        assertThat(two.vectors()).hasSize(2);
        assertThat(two.usage().orElseThrow().promptTokens()).isEqualTo(4);
        assertThatThrownBy(() -> GeminiEmbeddings.decode(buffer("{\"candidates\":[]}")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM));
    }
}
