package dev.switchboard.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Files a setting names (certificates, keys): one that is missing or unreadable stops start-up naming the setting. */
final class PemFiles {
    private PemFiles() {}

    /** A file a setting names, and that setting's name for errors. */
    record Named(String file, String where) {}

    /** The file named by environment variable {@code variable} when it is set, else by the YAML setting {@code node}. */
    static Optional<Named> named(Env env, String variable, ConfigNode node) {
        Optional<String> fromEnv = env.get(variable);
        if (fromEnv.isPresent()) return Optional.of(new Named(fromEnv.get(), variable));
        return node.string().map(file -> new Named(file, node.path()));
    }

    private static Path existing(String file, String where) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) throw new ConfigException(where, "file not found: " + file);
        return p;
    }

    /** The file's bytes as ISO-8859-1 text: PEM is ASCII, and any other byte survives the round trip. */
    static String read(Named f) {
        try {
            return Files.readString(existing(f.file(), f.where()), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ConfigException(f.where(), "could not be read: " + f.file() + " (" + e.getMessage() + ")");
        }
    }
}
