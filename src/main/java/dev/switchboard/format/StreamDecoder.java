package dev.switchboard.format;

import dev.switchboard.model.ChatEvent;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/** Turns an upstream response body, fed in arbitrary pieces, into canonical events. One per stream. */
public interface StreamDecoder {
    void feed(Buffer bytes, Consumer<ChatEvent> out);

    /** The body ended; flush what is complete. */
    void end(Consumer<ChatEvent> out);
}
