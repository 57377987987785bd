package dev.switchboard.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Kinds of upstream, each with its wire format, authentication and default base URL. */
public enum ProviderType {
    GEMINI("https://generativelanguage.googleapis.com"),
    VERTEX_EXPRESS("https://aiplatform.googleapis.com"),
    VERTEX("https://aiplatform.googleapis.com"),
    OPENAI("https://api.openai.com/v1"),
    ONDEMAND("https://api.on-demand.io/chat/v1");

    private final String defaultBaseUrl;

    ProviderType(String defaultBaseUrl) {
        this.defaultBaseUrl = defaultBaseUrl;
    }

    public String defaultBaseUrl() { return defaultBaseUrl; }

    public String configName() { return name().toLowerCase(Locale.ROOT); }

    public static Optional<ProviderType> parse(String s) {
        return Arrays.stream(values()).filter(t -> t.configName().equals(s.strip().toLowerCase(Locale.ROOT))).findFirst();
    }
}
