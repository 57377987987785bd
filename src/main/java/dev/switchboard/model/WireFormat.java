package dev.switchboard.model;

/** The JSON dialects Switchboard speaks, inbound or upstream. Vertex AI speaks {@link #GEMINI}. */
public enum WireFormat {
    OPENAI(false), GEMINI(true), ONDEMAND(false);

    private final boolean answersAreEvents;

    WireFormat(boolean answersAreEvents) {
        this.answersAreEvents = answersAreEvents;
    }

    /**
     * Whether a whole answer's bytes are also a valid stream event: Gemini's are (every event has the shape of
     * an answer); OpenAI's are not (a {@code chat.completion} has {@code message} where a chunk has {@code delta}).
     */
    public boolean answersAreEvents() {
        return answersAreEvents;
    }
}
