package dev.switchboard.format;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Supplier;

/**
 * A whole HTTP body read up to a limit: a client's request or an upstream's answer. A body whose announced length
 * is over the limit is refused before it is read; otherwise the limit counts the bytes as they arrive (after any
 * decompression), so neither a chunked body without a length nor a small compressed one can grow past it in memory.
 */
public final class Bodies {
    private Bodies() {}

    /**
     * The body of {@code in}, or the failure {@code tooLarge} makes once it passes {@code max} bytes (or at once,
     * when {@code expected}, the announced length or -1, is over it), after which {@code onTooLarge} runs (once)
     * and the rest is ignored. {@code expected} also sizes the buffer; a body that arrives in one piece is kept as
     * delivered, without a copy.
     */
    public static Future<Buffer> read(ReadStream<Buffer> in, long max, long expected, Supplier<? extends Throwable> tooLarge,
                                      Runnable onTooLarge) {
        if (expected > max) {
            onTooLarge.run();
            return Future.failedFuture(tooLarge.get());
        }
        Accumulator body = new Accumulator(max, expected);
        in.handler(piece -> {
            if (body.done.future().isComplete()) return;
            if (!body.add(piece) && body.done.tryFail(tooLarge.get())) onTooLarge.run();
        });
        in.exceptionHandler(body.done::tryFail);
        in.endHandler(v -> body.done.tryComplete(body.whole()));
        return body.done.future();
    }

    /** A body's pieces as they arrive, up to a limit; the first piece is kept as it is until a second one comes. */
    private static final class Accumulator {
        final Promise<Buffer> done = Promise.promise();
        private final long max;
        private final long expected;
        private Buffer body;
        private boolean owned;

        Accumulator(long max, long expected) {
            this.max = max;
            this.expected = expected;
        }

        /** False when the piece would take the body past the limit (it is not kept). */
        boolean add(Buffer piece) {
            long size = (body == null ? 0 : body.length()) + piece.length();
            if (size > max) return false;
            if (body == null) {
                body = piece;
                return true;
            }
            if (!owned) {
                long capacity = Math.min(max, Math.max(expected, Math.max(size * 2, 4096)));
                body = Buffer.buffer((int) Math.min(Integer.MAX_VALUE - 8, capacity)).appendBuffer(body);
                owned = true;
            }
            body.appendBuffer(piece);
            return true;
        }

        Buffer whole() {
            return body == null ? Buffer.buffer() : body;
        }
    }
}
