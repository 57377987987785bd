package dev.switchboard.model;

import java.util.List;

/** How the model may use tools: AUTO, NONE, or REQUIRED (optionally restricted to some names). */
public record ToolChoice(Mode mode, List<String> allowedNames) {
    public enum Mode { AUTO, NONE, REQUIRED }

    public ToolChoice {
        allowedNames = List.copyOf(allowedNames);
    }

    public static ToolChoice of(Mode mode) { return new ToolChoice(mode, List.of()); }
}
