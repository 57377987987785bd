package dev.switchboard.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * What a connection writes outside its own reads goes out once the event loop has handled everything it read in
 * this turn, in one system call per connection, instead of at once. The gateway writes an answer while its loop
 * reads the upstream's connection, and a request while it reads the client's, and Vert.x flushes at once
 * whatever is written outside a read of the same connection. Each write then woke the process at the other end
 * by itself, and on these machines waking a process that sleeps on another core cost more than the rest of the
 * write (docs/benchmarks.md, "CPU per request"). Now the first write of a turn goes out at once, as before, and
 * the others at the end of the turn, together: they find the other end awake. With one request at a time a turn
 * holds one write, which goes out as soon as it is made: nothing that runs after it in the turn (the rest of the
 * request's bookkeeping) comes before it, and the other end works on it meanwhile. What a connection writes
 * while it reads still goes out at the end of that read, as before.
 *
 * <p>Like Netty's {@code FlushConsolidationHandler} with {@code consolidateWhenNoReadInProgress}, with two
 * differences: the turn's first write goes out at once, and so does a flush with nothing to send. That is the
 * empty write with which Vert.x closes a connection, and a connection that is to close (an upstream answer that
 * ends it) must close in the same turn, before it can be handed out again for the next request.
 */
public final class FlushBatching extends ChannelDuplexHandler {
    /** Each event loop's turn: whether a write went out at once in it. */
    private static final FastThreadLocal<Turn> TURNS = new FastThreadLocal<>() {
        @Override
        protected Turn initialValue() {
            return new Turn();
        }
    };

    private final Runnable flushTask;
    private ChannelHandlerContext ctx;
    private boolean reading;
    /** Bytes were written since the last flush that went through. */
    private boolean unsent;
    /** A flush was asked for and put off. */
    private boolean owed;
    private boolean scheduled;

    private FlushBatching() {
        flushTask = () -> {
            scheduled = false;
            if (owed && !reading) flushNow(ctx);
        };
    }

    /** Puts the batching first in {@code pipeline}, once (an HTTP/2 upgrade announces its connection again). */
    public static void on(ChannelPipeline pipeline) {
        if (pipeline.get(FlushBatching.class) == null) pipeline.addFirst(new FlushBatching());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf b) || b.isReadable()) unsent = true;
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (!unsent) {
            ctx.flush();   // nothing to send: completes the writes' promises (a close waits on one) at no cost
            return;
        }
        if (reading) {
            owed = true;   // the end of the read flushes
            return;
        }
        Turn turn = TURNS.get();
        if (!turn.wrote) {
            turn.wrote = true;
            ctx.executor().execute(turn);   // runs with the loop's tasks, after what it read in this turn
            flushNow(ctx);
            return;
        }
        owed = true;
        if (scheduled) return;
        scheduled = true;
        ctx.executor().execute(flushTask);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        if (owed) flushNow(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        reading = false;
        if (owed) flushNow(ctx);
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // the buffer is full: send it now rather than hold more
        if (owed && !ctx.channel().isWritable()) flushNow(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (owed) flushNow(ctx);
        ctx.disconnect(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (owed) flushNow(ctx);
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (owed) flushNow(ctx);
    }

    private void flushNow(ChannelHandlerContext ctx) {
        owed = false;
        unsent = false;
        ctx.flush();
    }

    /** One event loop's turn; its task, queued at the turn's first write, ends the turn. */
    private static final class Turn implements Runnable {
        boolean wrote;

        @Override
        public void run() {
            wrote = false;
        }
    }
}
