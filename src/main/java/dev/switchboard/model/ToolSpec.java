package dev.switchboard.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** A function the model may call. {@code parameters} is a JSON Schema object, as the client sent it. */
public record ToolSpec(String name, Optional<String> description, Optional<JsonNode> parameters) {}
