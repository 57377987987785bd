package dev.switchboard.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Requested output format: free text, any JSON object, or JSON matching a schema. */
public record ResponseFormat(Kind kind, Optional<JsonNode> schema) {
    public enum Kind { TEXT, JSON_OBJECT, JSON_SCHEMA }
}
