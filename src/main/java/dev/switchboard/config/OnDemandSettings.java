package dev.switchboard.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OnDemand provider's settings. {@code endpoints}: client model name → OnDemand endpoint id, the
 * {@link #DEFAULT_ENDPOINTS} with the configured entries on top. {@code sessionIdleTimeout}: a credential's
 * chat session is replaced after this long without a query (zero: a new session for every query).
 * {@code externalUserId} and {@code pluginIds} go into every session Switchboard creates ({@code pluginIds}
 * into queries too, when not empty).
 */
public record OnDemandSettings(Map<String, String> endpoints, Duration sessionIdleTimeout, String externalUserId,
                               List<String> pluginIds) {
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final String DEFAULT_EXTERNAL_USER_ID = "switchboard";

    /** The model names users of other OnDemand bridges know, in a stable order. */
    public static final Map<String, String> DEFAULT_ENDPOINTS = defaults();

    public OnDemandSettings {
        endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
        pluginIds = List.copyOf(pluginIds);
    }

    /** The defaults: default endpoints, 10 minutes idle, user "switchboard", no plugins. */
    public static OnDemandSettings defaults(Map<String, String> extraEndpoints) {
        Map<String, String> m = new LinkedHashMap<>(DEFAULT_ENDPOINTS);
        m.putAll(extraEndpoints);
        return new OnDemandSettings(m, DEFAULT_IDLE_TIMEOUT, DEFAULT_EXTERNAL_USER_ID, List.of());
    }

    private static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("o3", "predefined-openai-gpto3");
        m.put("o3-mini", "predefined-openai-gpto3-mini");
        m.put("gpt-4o", "predefined-openai-gpt4o");
        m.put("gpt-4.1", "predefined-openai-gpt4.1");
        m.put("deepseek-v3", "predefined-deepseek-v3");
        m.put("deepseek-r1", "predefined-deepseek-r1");
        m.put("claude-4-sonnet", "predefined-claude-4-sonnet");
        m.put("gemini-2.5-pro", "predefined-gemini-2.5-pro-preview");
        return Collections.unmodifiableMap(m);
    }
}
