package dev.switchboard.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@code vertex} (service-account) provider needs beyond its credentials: the location, a project that
 * overrides the key files' own, and direct mode (Vertex's OpenAI-compatible endpoint, with reasoning written
 * between {@code reasoningTags} moved into {@code reasoning_content}).
 */
public record VertexSettings(String location, Optional<String> projectId, boolean direct, List<TagPair> reasoningTags) {
    public static final String DEFAULT_LOCATION = "us-central1";
    public static final List<TagPair> DEFAULT_REASONING_TAGS = List.of(new TagPair("<think>", "</think>"));
    private static final Pattern LOCATION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public VertexSettings {
        reasoningTags = List.copyOf(reasoningTags);
    }

    public static VertexSettings defaults() {
        return new VertexSettings(DEFAULT_LOCATION, Optional.empty(), false, DEFAULT_REASONING_TAGS);
    }

    /** An opening and a closing tag, e.g. {@code <think>} and {@code </think>}. */
    public record TagPair(String open, String close) {}

    public VertexSettings withLocation(String l) { return new VertexSettings(l, projectId, direct, reasoningTags); }

    public VertexSettings withProjectId(String p) { return new VertexSettings(location, Optional.of(p), direct, reasoningTags); }

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
