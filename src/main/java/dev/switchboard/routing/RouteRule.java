package dev.switchboard.routing;

import dev.switchboard.credential.Glob;

/**
 * A routing rule: model names matching the glob {@code match} go to {@code provider}, which is asked for the
 * name as {@code rewrite} makes it. Rules are tried by {@code priority}, highest first.
 */
public record RouteRule(String match, String provider, Rewrite rewrite, int priority) {

    /** How a rule turns the name it matched into the name the provider is asked for. */
    public sealed interface Rewrite {
        /** The name as it is. */
        record Keep() implements Rewrite {}

        /** The name without {@code prefix} ({@code vertex-gemini-2.5-pro} → {@code gemini-2.5-pro}). */
        record StripPrefix(String prefix) implements Rewrite {}

        /** Always {@code model}, whatever name matched. */
        record Replace(String model) implements Rewrite {}
    }

    public static RouteRule to(String match, String provider) {
        return new RouteRule(match, provider, new Rewrite.Keep(), 0);
    }

    public boolean matches(String model) {
        return Glob.matches(match, model);
    }

    public String upstreamModel(String model) {
        return switch (rewrite) {
            case Rewrite.Keep k -> model;
            case Rewrite.StripPrefix s -> model.startsWith(s.prefix()) ? model.substring(s.prefix().length()) : model;
            case Rewrite.Replace r -> r.model();
        };
    }

    /** A rule whose glob has no wildcard names one model, which the model list can show. */
    boolean exactName() {
        return match.indexOf('*') < 0 && match.indexOf('?') < 0;
    }
}
