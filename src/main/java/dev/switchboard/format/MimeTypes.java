package dev.switchboard.format;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** MIME types guessed from a URL's file extension, for references that arrive without one. */
public final class MimeTypes {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("heic", "image/heic"),
            Map.entry("heif", "image/heif"), Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"),
            Map.entry("mp3", "audio/mp3"), Map.entry("wav", "audio/wav"), Map.entry("flac", "audio/flac"),
            Map.entry("ogg", "audio/ogg"), Map.entry("mp4", "video/mp4"), Map.entry("mov", "video/mov"),
            Map.entry("webm", "video/webm"));

    private MimeTypes() {}

    public static Optional<String> guessFromUrl(String url) {
        int end = url.length();
        int query = url.indexOf('?');
        if (query >= 0) end = query;
        int fragment = url.indexOf('#');
        if (fragment >= 0 && fragment < end) end = fragment;
        int slash = url.lastIndexOf('/', end - 1);
        int dot = url.lastIndexOf('.', end - 1);
        if (dot < 0 || dot < slash) return Optional.empty();
        String ext = url.substring(dot + 1, end).toLowerCase(Locale.ROOT);
        return Optional.ofNullable(BY_EXTENSION.get(ext));
    }
}
