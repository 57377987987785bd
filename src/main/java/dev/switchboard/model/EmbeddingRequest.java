package dev.switchboard.model;

import java.util.List;
import java.util.OptionalInt;

/**
 * Texts to embed, in canonical form. {@code batch}: the client sent a list (and gets a list back even for one
 * text). {@code dimensions}: a smaller output size, if asked for. {@code base64}: vectors are wanted as
 * base64 of little-endian float32 rather than as JSON numbers.
 */
public record EmbeddingRequest(String model, List<String> inputs, boolean batch, OptionalInt dimensions,
                               boolean base64) {
    public EmbeddingRequest {
        inputs = List.copyOf(inputs);
    }
}
