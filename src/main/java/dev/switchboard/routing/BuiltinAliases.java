package dev.switchboard.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names OpenAI and Anthropic clients send by default, mapped to the Gemini model of the same tier: flagship →
 * 2.5 Pro, everyday → 2.5 Flash, small and cheap → 2.5 Flash-Lite. They only fill gaps: a name that a provider
 * serves, that a rule matches, or that a configured alias renames never reaches them.
 */
public final class BuiltinAliases {
    private BuiltinAliases() {}

    public static final Map<String, String> ALL = build();

    private static Map<String, String> build() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gpt-4o", "gemini-2.5-flash");
        m.put("gpt-4o-mini", "gemini-2.5-flash-lite");
        m.put("gpt-4.1", "gemini-2.5-pro");
        m.put("gpt-4.1-mini", "gemini-2.5-flash");
        m.put("gpt-4.1-nano", "gemini-2.5-flash-lite");
        m.put("gpt-4-turbo", "gemini-2.5-pro");
        m.put("gpt-4", "gemini-2.5-pro");
        m.put("gpt-3.5-turbo", "gemini-2.5-flash-lite");
        m.put("gpt-5", "gemini-2.5-pro");
        m.put("gpt-5-mini", "gemini-2.5-flash");
        m.put("gpt-5-nano", "gemini-2.5-flash-lite");
        m.put("o1", "gemini-2.5-pro");
        m.put("o3", "gemini-2.5-pro");
        m.put("o3-mini", "gemini-2.5-flash");
        m.put("o4-mini", "gemini-2.5-flash");
        m.put("claude-opus-4-0", "gemini-2.5-pro");
        m.put("claude-sonnet-4-0", "gemini-2.5-pro");
        m.put("claude-3-7-sonnet-latest", "gemini-2.5-pro");
        m.put("claude-3-5-sonnet-latest", "gemini-2.5-pro");
        m.put("claude-3-5-haiku-latest", "gemini-2.5-flash");
        return Collections.unmodifiableMap(m);
    }
}
