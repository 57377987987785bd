package dev.switchboard.model;

import java.util.List;
import java.util.Optional;

/** One event of a streamed answer, in canonical form. */
public sealed interface ChatEvent {

    /**
     * A piece of the answer: deltas of some choices, and usage when the upstream reports it (Gemini sends
     * running totals in every chunk; the last one wins). {@code blockReason} as in {@link ChatResponse}.
     */
    record Chunk(String id, List<Choice> deltas, Optional<Usage> usage, Optional<String> blockReason,
                 Optional<NativeBody> nativeBody) implements ChatEvent {
        public Chunk {
            deltas = List.copyOf(deltas);
        }

        public boolean hasContent() {
            for (Choice c : deltas) if (c.hasContent()) return true;
            return false;
        }

        public boolean hasFinish() {
            for (Choice c : deltas) if (c.finishReason().isPresent()) return true;
            return false;
        }
    }

    /** The upstream is alive but has nothing to say yet (OnDemand heartbeats, fake-stream waits). */
    record KeepAlive() implements ChatEvent {}
}
