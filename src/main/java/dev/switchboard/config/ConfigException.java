package dev.switchboard.config;

/** Invalid configuration: names the offending path and value. Stops start-up (or a reload). */
public final class ConfigException extends RuntimeException {
    public ConfigException(String path, String problem) {
        super(path + ": " + problem, null, false, false);
    }
}
