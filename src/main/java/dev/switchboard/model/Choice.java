package dev.switchboard.model;

import java.util.List;
import java.util.Optional;

/** One candidate answer. In a stream, a delta of one candidate. */
public record Choice(int index, List<Part> parts, Optional<FinishReason> finishReason) {
    public Choice {
        parts = List.copyOf(parts);
    }

    /** Length of the visible text (reasoning excluded): what race mode compares. */
    public int textLength() {
        int n = 0;
        for (Part p : parts) {
            if (p instanceof Part.Text t) n += t.text().length();
            else if (p instanceof Part.ToolCall c) n += c.name().length() + c.argumentsJson().length();
        }
        return n;
    }

    /** True if this choice holds a tool call. */
    public boolean hasToolCall() {
        for (Part p : parts) if (p instanceof Part.ToolCall) return true;
        return false;
    }

    /** True if this choice carries something a client would see: text, reasoning, data or a tool call. */
    public boolean hasContent() {
        for (Part p : parts) {
            switch (p) {
                case Part.Text t -> { if (!t.text().isEmpty()) return true; }
                case Part.Reasoning r -> { if (!r.text().isEmpty()) return true; }
                case Part.InlineData d -> { return true; }
                case Part.FileData f -> { return true; }
                case Part.ToolCall c -> { return true; }
                case Part.ToolResult r -> { return true; }
            }
        }
        return false;
    }
}
