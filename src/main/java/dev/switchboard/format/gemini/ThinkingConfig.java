package dev.switchboard.format.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.GatewayException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps OpenAI's {@code reasoning_effort} to Gemini's {@code thinkingConfig}. Gemini 3 and later take a
 * {@code thinkingLevel} (low or high); 2.5 and earlier take a token {@code thinkingBudget}. Thoughts are
 * requested ({@code includeThoughts}) whenever thinking is wanted, so that they can be returned as
 * reasoning content.
 */
final class ThinkingConfig {
    private static final Pattern GEMINI_MAJOR = Pattern.compile("gemini-(\\d+)");
    /** 2.5 Pro cannot switch thinking off; 128 is its smallest budget. */
    private static final int PRO_MINIMUM_BUDGET = 128;

    private ThinkingConfig() {}

    static ObjectNode of(String effort, String upstreamModel) {
        String e = effort.toLowerCase(Locale.ROOT);
        ObjectNode c = Json.MAPPER.createObjectNode();
        if (usesLevels(upstreamModel)) c.put("thinkingLevel", level(e));
        else c.put("thinkingBudget", budget(e, upstreamModel));
        if (!e.equals("none")) c.put("includeThoughts", true);
        return c;
    }

    static boolean usesLevels(String model) {
        Matcher m = GEMINI_MAJOR.matcher(model);
        return m.find() && Integer.parseInt(m.group(1)) >= 3;
    }

    /** Gemini 3 Pro cannot switch thinking off either, so "none" gets the lowest level. */
    private static String level(String effort) {
        return switch (effort) {
            case "none", "minimal", "low" -> "low";
            case "medium", "high", "xhigh" -> "high";
            default -> throw unknown(effort);
        };
    }

    private static int budget(String effort, String model) {
        return switch (effort) {
            case "none" -> model.contains("-pro") ? PRO_MINIMUM_BUDGET : 0;
            case "minimal" -> 512;
            case "low" -> 1024;
            case "medium" -> 8192;
            case "high", "xhigh" -> 24576;
            default -> throw unknown(effort);
        };
    }

    private static GatewayException unknown(String effort) {
        return GatewayException.invalid("reasoning_effort",
                "'reasoning_effort' must be one of none, minimal, low, medium, high; got '" + effort + "'");
    }
}
