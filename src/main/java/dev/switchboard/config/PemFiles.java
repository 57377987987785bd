package dev.switchboard.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files a setting names (certificates, keys): one that is missing or unreadable stops start-up naming the setting. */
final class PemFiles {
    private PemFiles() {}

    static Path existing(String file, String where) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) throw new ConfigException(where, "file not found: " + file);
        return p;
    }

    static String read(String file, String where) {
        try {
            return Files.readString(existing(file, where), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ConfigException(where, "could not be read: " + file + " (" + e.getMessage() + ")");
        }
    }
}
