package dev.switchboard.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@code vertex} (service-account) provider needs beyond its credentials: the location, a project that
 * overrides the key files' own, and direct mode (Vertex's OpenAI-compatible endpoint instead of the Gemini one).
 */
public record VertexSettings(String location, Optional<String> projectId, boolean direct) {
    public static final String DEFAULT_LOCATION = "us-central1";
    /** Direct mode's reasoning tags when none are configured: Vertex is asked to mark thoughts with them. */
    public static final List<ReasoningTagPair> DEFAULT_REASONING_TAGS = List.of(new ReasoningTagPair("<think>", "</think>"));
    private static final Pattern LOCATION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public static VertexSettings defaults() {
        return new VertexSettings(DEFAULT_LOCATION, Optional.empty(), false);
    }

    public VertexSettings withLocation(String l) { return new VertexSettings(l, projectId, direct); }

    public VertexSettings withProjectId(String p) { return new VertexSettings(location, Optional.of(p), direct); }

    /** {@code https://{location}-aiplatform.googleapis.com}; the {@code global} location has no region prefix. */
    public static String baseUrl(String location) {
        return location.equals("global") ? "https://aiplatform.googleapis.com"
                : "https://" + location + "-aiplatform.googleapis.com";
    }

    /** Locations become part of a host name: lower-case letters, digits and inner dashes only. */
    static boolean validLocation(String location) {
        return LOCATION.matcher(location).matches();
    }
}
