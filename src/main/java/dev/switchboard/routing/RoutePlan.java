package dev.switchboard.routing;

import java.util.List;

/** Where a request goes, in order: the first target, then fallbacks. {@code requestedModel} is echoed to the client. */
public record RoutePlan(String requestedModel, List<RouteTarget> targets) {
    public RoutePlan {
        targets = List.copyOf(targets);
    }
}
