package dev.switchboard.resilience;

import java.time.Duration;
import java.util.Optional;

/** How to call upstream for one model: race or not, fake streaming or not. */
public record CallPolicy(Optional<RaceSettings> race, Optional<Duration> fakeStreamingInterval) {
    public static final CallPolicy PLAIN = new CallPolicy(Optional.empty(), Optional.empty());
}
