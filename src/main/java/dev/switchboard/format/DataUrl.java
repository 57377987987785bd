package dev.switchboard.format;

import dev.switchboard.model.Part;
import java.util.Optional;

/** {@code data:<mime>;base64,<data>} URLs, the way OpenAI clients inline images, audio and files. */
public final class DataUrl {
    private static final String PREFIX = "data:";
    private static final String BASE64_MARKER = ";base64,";

    private DataUrl() {}

    public static boolean isDataUrl(String url) {
        return url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** Empty when the URL is not a base64 data URL (plain-text data URLs carry no binary we could forward). */
    public static Optional<Part.InlineData> parse(String url) {
        if (!isDataUrl(url)) return Optional.empty();
        int marker = url.indexOf(BASE64_MARKER);
        if (marker < 0) return Optional.empty();
        String mime = url.substring(PREFIX.length(), marker);
        // Parameters such as ";charset=utf-8" may precede ";base64"; Gemini wants the bare type.
        int semicolon = mime.indexOf(';');
        if (semicolon >= 0) mime = mime.substring(0, semicolon);
        if (mime.isEmpty()) return Optional.empty();
        return Optional.of(new Part.InlineData(mime, url.substring(marker + BASE64_MARKER.length())));
    }

    public static String of(String mimeType, String base64) {
        return PREFIX + mimeType + BASE64_MARKER + base64;
    }
}
