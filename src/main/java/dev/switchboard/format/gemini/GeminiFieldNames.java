package dev.switchboard.format.gemini;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Google's JSON APIs accept each field in lowerCamelCase or in its proto snake_case spelling
 * ({@code systemInstruction} or {@code system_instruction}), and clients use both.
 */
final class GeminiFieldNames {
    private GeminiFieldNames() {}

    /** The spelling {@code obj} uses for the field, camelCase if it uses neither. */
    static String in(JsonNode obj, String camel) {
        if (obj.has(camel)) return camel;
        String snake = snake(camel);
        return obj.has(snake) ? snake : camel;
    }

    static String snake(String camel) {
        StringBuilder s = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) s.append('_').append(Character.toLowerCase(c));
            else s.append(c);
        }
        return s.toString();
    }
}
