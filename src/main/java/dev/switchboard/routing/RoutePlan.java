package dev.switchboard.routing;

import java.util.List;

/**
 * Where a request goes, in order: the targets of {@code resolvedModel} (what the requested name came to after
 * aliases or the default model), then those of each fallback model. {@code requestedModel} is echoed to the client.
 */
public record RoutePlan(String requestedModel, String resolvedModel, List<RouteTarget> targets) {
    public RoutePlan {
        targets = List.copyOf(targets);
    }
}
