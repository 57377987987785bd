package dev.switchboard.model;

import java.util.List;
import java.util.Optional;

/** Embedding vectors, one per input and in input order, with token usage when the upstream reports it. */
public record Embeddings(List<double[]> vectors, Optional<Usage> usage) {
    public Embeddings {
        vectors = List.copyOf(vectors);
    }
}
