package dev.switchboard.credential;

import java.time.Instant;
import java.util.Optional;

/**
 * What the status page shows about one credential. {@code state}: healthy, cooling, open, half_open,
 * disabled, invalid. {@code until}: when a cooling or open state ends.
 */
public record CredentialStatus(
        String id,
        String provider,
        String state,
        Optional<Instant> until,
        Optional<String> lastError,
        Optional<Instant> lastErrorAt,
        long successes,
        long failures,
        int inFlight,
        Optional<String> proxy) {}
