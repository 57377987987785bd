package dev.switchboard.format;

import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Writes one client stream in one wire format. Stateful: one per stream. Each call hands zero or more
 * complete frames to {@code out}, ready for the socket.
 */
public interface StreamEncoder {
    /** The response's content type, e.g. {@code text/event-stream}. */
    default CharSequence contentType() { return Headers.EVENT_STREAM; }

    void onChunk(ChatEvent.Chunk chunk, Consumer<Buffer> out);

    void onKeepAlive(Consumer<Buffer> out);

    /** The upstream finished; {@code sawFinish} false means it stopped without saying why. */
    void onCompleted(boolean sawFinish, Consumer<Buffer> out);

    /** The upstream failed after the first byte: end the stream with an in-band error, never a fake stop. */
    void onFailed(GatewayException error, Consumer<Buffer> out);
}
