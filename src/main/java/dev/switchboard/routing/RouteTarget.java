package dev.switchboard.routing;

/** One place a request can go: a provider's pool, asked for {@code upstreamModel}. */
public record RouteTarget(String provider, String upstreamModel) {}
