package dev.switchboard.model;

import java.util.List;
import java.util.Optional;

/** One turn of a conversation. Tool calls and tool results are parts. */
public record Message(Role role, List<Part> parts, Optional<String> name) {
    public Message {
        parts = List.copyOf(parts);
    }

    public static Message of(Role role, List<Part> parts) {
        return new Message(role, parts, Optional.empty());
    }

    public static Message text(Role role, String text) {
        return of(role, List.of(Part.Text.of(text)));
    }
}
