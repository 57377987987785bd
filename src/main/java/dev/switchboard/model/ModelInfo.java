package dev.switchboard.model;

import java.util.Optional;

/**
 * A model a client can ask for, and who serves it (provider name, or "switchboard" for aliases).
 * {@code details} is the upstream's own description of it, in its wire format, when an upstream listed it.
 */
public record ModelInfo(String id, String ownedBy, Optional<NativeBody> details) {
    public ModelInfo(String id, String ownedBy) {
        this(id, ownedBy, Optional.empty());
    }
}
