package dev.switchboard.resilience;

import java.time.Duration;
import java.util.Optional;

/**
 * Race mode: {@code racers} concurrent attempts on different credentials. With {@code hedgeDelay}, the extra
 * racers start only if the first has not answered (or, for streams, produced content) by then.
 * {@code deadline}: how long a non-streaming race waits for slower racers before taking the best answer so far.
 */
public record RaceSettings(int racers, Optional<Duration> hedgeDelay, Duration deadline) {}
