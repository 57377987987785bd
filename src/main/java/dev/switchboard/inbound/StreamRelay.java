package dev.switchboard.inbound;

import dev.switchboard.format.Headers;
import dev.switchboard.format.StreamEncoder;
import dev.switchboard.model.CallContext;
import dev.switchboard.model.ChatEvent;
import dev.switchboard.model.ChatStream;
import dev.switchboard.model.WireFormat;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Consumer;

/**
 * The one place that writes streams to clients: upstream events → encoder → socket, chunk by chunk, with
 * flow control (a slow client pauses the upstream) and cancellation (a client that leaves aborts it).
 * Before the commit point a failure is answered as an ordinary error response.
 */
public final class StreamRelay {
    private StreamRelay() {}

    public static Future<Void> relay(CallContext ctx, Future<ChatStream> upstream, StreamEncoder encoder,
                                     HttpServerResponse resp, WireFormat format) {
        return upstream.transform(ar -> {
            if (ar.failed()) {
                ErrorResponses.send(resp, format, ar.cause(), ctx.requestId());
                return Future.failedFuture(ar.cause());
            }
            ChatStream stream = ar.result();
            if (ctx.cancelled() || resp.closed()) {
                stream.cancel();
                return Future.succeededFuture();
            }
            resp.setStatusCode(200)
                    .setChunked(true)
                    .putHeader(Headers.CONTENT_TYPE, encoder.contentType())
                    .putHeader(Headers.CACHE_CONTROL, Headers.NO_CACHE)
                    .putHeader(Headers.X_ACCEL_BUFFERING, Headers.NO);
            ctx.onCancel(stream::cancel);
            io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
            // What the encoder makes of one event goes out in one write (one syscall): the last event of a stream
            // often becomes several frames (content, finish, usage, [DONE]).
            Buffer[] pending = new Buffer[1];
            Consumer<Buffer> out = b -> {
                if (pending[0] == null) pending[0] = b;
                else pending[0].appendBuffer(b);
            };
            Runnable flush = () -> {
                Buffer b = take(pending);
                if (b != null && !resp.ended() && !resp.closed()) resp.write(b);
            };
            resp.drainHandler(v -> stream.resume());
            stream.start(new ChatStream.Sink() {
                @Override
                public void onEvent(ChatEvent event) {
                    switch (event) {
                        case ChatEvent.Chunk c -> encoder.onChunk(c, out);
                        case ChatEvent.KeepAlive k -> encoder.onKeepAlive(out);
                    }
                    flush.run();
                    if (resp.writeQueueFull()) stream.pause();
                }

                @Override
                public void onEnd(ChatStream.End end) {
                    switch (end) {
                        case ChatStream.End.Completed c -> encoder.onCompleted(c.sawFinish(), out);
                        case ChatStream.End.Failed f -> encoder.onFailed(f.error(), out);
                    }
                    Buffer last = take(pending);
                    if (!resp.ended() && !resp.closed()) {
                        if (last != null) resp.end(last);
                        else resp.end();
                    }
                    done.tryComplete();
                }
            });
            return done.future();
        });
    }

    private static Buffer take(Buffer[] pending) {
        Buffer b = pending[0];
        pending[0] = null;
        return b;
    }
}
