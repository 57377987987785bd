package dev.switchboard.model;

/**
 * A streamed answer past its commit point. Events that arrived before {@link #start} are buffered and
 * delivered first. Flow control is by {@link #pause()}/{@link #resume()}, which pause the upstream socket.
 * Calls happen on the stream's event-loop context.
 */
public interface ChatStream {

    /** Sets the sink and starts delivery. Called at most once. */
    void start(Sink sink);

    void pause();

    void resume();

    /** Aborts the upstream connection at once; the sink gets no more calls. Idempotent. */
    void cancel();

    interface Sink {
        void onEvent(ChatEvent event);

        /** Called exactly once, last. */
        void onEnd(End end);
    }

    /** How a stream ended. */
    sealed interface End {
        /** The upstream closed its stream normally. {@code sawFinish} tells whether it sent a finish reason. */
        record Completed(boolean sawFinish) implements End {}

        /** The upstream failed mid-stream (reset, stall, error event). */
        record Failed(GatewayException error) implements End {}
    }
}
