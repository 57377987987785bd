package dev.switchboard.resilience;

import dev.switchboard.model.UpstreamFailure;
import java.time.Instant;

/** Decides, with no side effects, how long a credential rests after a failure. */
public interface CooldownPolicy {

    /**
     * @param consecutiveRateLimits 429s in a row from this credential, this one included (1 for the first);
     *                              grows the cooldown when the upstream gives no retry hint
     */
    CooldownDecision decide(UpstreamFailure failure, Instant now, int consecutiveRateLimits);

    default CooldownDecision decide(UpstreamFailure failure, Instant now) {
        return decide(failure, now, 1);
    }

    static CooldownPolicy standard(CooldownSettings settings) {
        return new StandardCooldownPolicy(settings);
    }

    static CooldownPolicy standard() {
        return standard(CooldownSettings.defaults());
    }
}
