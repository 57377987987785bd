package dev.switchboard.credential;

import java.time.Instant;

/** Where the time-window strategy stands: on which credential, since when, and how many requests it has had. */
public record WindowCursor(String credentialId, Instant startedAt, int count) {
    public static final WindowCursor NONE = new WindowCursor("", Instant.EPOCH, 0);
}
