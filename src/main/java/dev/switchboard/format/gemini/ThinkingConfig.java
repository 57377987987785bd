package dev.switchboard.format.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.format.Json;
import dev.switchboard.model.GatewayException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps OpenAI's {@code reasoning_effort} to Gemini's {@code thinkingConfig}. Gemini 3 and later take a
 * {@code thinkingLevel}; 2.5 and earlier take a token {@code thinkingBudget}. Thoughts are requested
 * ({@code includeThoughts}) whenever thinking is wanted, so that they can be returned as reasoning content.
 *
 * <p>Which levels a Gemini 3 model accepts depends on the model (Google's thinking guide, "Supported
 * thinking_level values"): 3 Pro takes low and high; 3.1 Pro and later Pro models low, medium and high;
 * Flash models up to 3.6 and every Flash-Lite minimal, low, medium and high; Flash from 3.7 on low, medium
 * and high. A model of another shape is sent only low or high, which every Gemini 3 model takes. An effort
 * the model has no level for gets the nearest one it has: minimal becomes low, medium becomes high (3 Pro's
 * high is about 3.1 Pro's medium). Thinking cannot be switched off on Gemini 3, so {@code none} asks for the
 * model's lowest level without thoughts.
 */
final class ThinkingConfig {
    private static final Pattern GEMINI_VERSION = Pattern.compile("gemini-(\\d+)(?:\\.(\\d+))?");
    /** 2.5 Pro cannot switch thinking off; 128 is its smallest budget. */
    private static final int PRO_MINIMUM_BUDGET = 128;
    /** The largest budgets 2.5 takes: 32,768 on Pro, 24,576 on Flash and Flash-Lite. */
    private static final int PRO_MAXIMUM_BUDGET = 32768;
    private static final int FLASH_MAXIMUM_BUDGET = 24576;
    private static final List<String> ALL_LEVELS = List.of("minimal", "low", "medium", "high");
    private static final List<String> NO_MINIMAL = List.of("low", "medium", "high");
    private static final List<String> LOW_AND_HIGH = List.of("low", "high");

    private ThinkingConfig() {}

    static ObjectNode of(String effort, String upstreamModel) {
        String e = effort.toLowerCase(Locale.ROOT);
        ObjectNode c = Json.object();
        Matcher version = GEMINI_VERSION.matcher(upstreamModel);
        int major = version.find() ? Integer.parseInt(version.group(1)) : 0;
        if (major >= 3) {
            int minor = version.group(2) == null ? 0 : Integer.parseInt(version.group(2));
            c.put("thinkingLevel", level(e, levels(upstreamModel, major, minor)));
        } else {
            c.put("thinkingBudget", budget(e, upstreamModel));
        }
        if (!e.equals("none")) c.put("includeThoughts", true);
        return c;
    }

    /** The thinking levels a Gemini 3 (or later) model accepts, lowest first. */
    private static List<String> levels(String model, int major, int minor) {
        boolean three = major == 3;
        if (model.contains("-flash-lite")) return ALL_LEVELS;
        if (model.contains("-flash")) return three && minor <= 6 ? ALL_LEVELS : NO_MINIMAL;
        if (model.contains("-pro")) return three && minor == 0 ? LOW_AND_HIGH : NO_MINIMAL;
        return LOW_AND_HIGH;
    }

    private static String level(String effort, List<String> supported) {
        String wanted = switch (effort) {
            case "none", "minimal" -> "minimal";
            case "low" -> "low";
            case "medium" -> "medium";
            case "high", "xhigh", "max" -> "high";
            default -> throw unknown(effort);
        };
        if (supported.contains(wanted)) return wanted;
        // minimal -> low; medium -> high (the only levels a model can lack)
        return wanted.equals("minimal") ? "low" : "high";
    }

    private static int budget(String effort, String model) {
        return switch (effort) {
            case "none" -> model.contains("-pro") ? PRO_MINIMUM_BUDGET : 0;
            case "minimal" -> 512;
            case "low" -> 1024;
            case "medium" -> 8192;
            case "high", "xhigh" -> FLASH_MAXIMUM_BUDGET;
            case "max" -> model.contains("-pro") ? PRO_MAXIMUM_BUDGET : FLASH_MAXIMUM_BUDGET;
            default -> throw unknown(effort);
        };
    }

    private static GatewayException unknown(String effort) {
        return GatewayException.invalid("reasoning_effort",
                "'reasoning_effort' must be one of none, minimal, low, medium, high, xhigh, max; got '" + effort + "'");
    }
}
