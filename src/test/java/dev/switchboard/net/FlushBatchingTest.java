package dev.switchboard.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When what a channel writes goes out. */
class FlushBatchingTest {
    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    /** The next message the channel sent; read from its queue, which (unlike readOutbound) runs no task. */
    private static String sent(EmbeddedChannel ch) {
        ByteBuf b = (ByteBuf) ch.outboundMessages().poll();
        if (b == null) return null;
        try {
            return b.toString(StandardCharsets.US_ASCII);
        } finally {
            b.release();
        }
    }

    /**
     * On a real event loop, over loopback: in one turn (one task of the loop), the first write goes out
     * at once, the later ones (on the same channel or another) when the turn's tasks run, and a flush of a
     * channel with nothing to send at once. In the next turn the first write goes out at once again.
     */
    @Test
    void theFirstWriteOfATurnGoesOutAtOnceAndTheRestAtTheEndOfTheTurn() throws Exception {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            ChannelFuture bound = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class).childHandler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf b = (ByteBuf) msg;
                            received.add(b.toString(StandardCharsets.US_ASCII));
                            b.release();
                        }
                    });
                }
            }).bind(new InetSocketAddress("127.0.0.1", 0));
            assertThat(bound.await(5, TimeUnit.SECONDS) && bound.isSuccess()).isTrue();
            SocketAddress address = bound.channel().localAddress();
            Bootstrap client = new Bootstrap().group(loop).channel(NioSocketChannel.class).handler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    FlushBatching.on(ch.pipeline());
                }
            });
            Channel a = connected(client, address);
            Channel b = connected(client, address);
            Channel c = connected(client, address);

            List<ChannelFuture> writes = new ArrayList<>();
            CompletableFuture<List<Boolean>> doneInTurn = new CompletableFuture<>();
            loop.next().execute(() -> {
                writes.add(a.writeAndFlush(bytes("1")));
                writes.add(b.writeAndFlush(bytes("2")));
                writes.add(a.writeAndFlush(bytes("3")));
                writes.add(c.writeAndFlush(Unpooled.EMPTY_BUFFER));   // how Vert.x closes: nothing to send
                doneInTurn.complete(writes.stream().map(ChannelFuture::isDone).toList());
            });
            assertThat(doneInTurn.get(5, TimeUnit.SECONDS)).containsExactly(true, false, false, true);
            for (ChannelFuture w : writes) assertThat(w.await(5, TimeUnit.SECONDS) && w.isSuccess()).isTrue();

            CompletableFuture<Boolean> nextTurn = new CompletableFuture<>();
            loop.next().execute(() -> nextTurn.complete(b.writeAndFlush(bytes("4")).isDone()));
            assertThat(nextTurn.get(5, TimeUnit.SECONDS)).isTrue();

            // what arrived, in any order and however TCP joined it
            StringBuilder all = new StringBuilder();
            while (all.length() < 4) {
                String next = received.poll(5, TimeUnit.SECONDS);
                if (next == null) break;
                all.append(next);
            }
            assertThat(all.chars().sorted().mapToObj(Character::toString).toList()).containsExactly("1", "2", "3", "4");
        } finally {
            loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    private static Channel connected(Bootstrap client, SocketAddress address) throws InterruptedException {
        ChannelFuture f = client.connect(address);
        assertThat(f.await(5, TimeUnit.SECONDS) && f.isSuccess()).isTrue();
        return f.channel();
    }

    @Test
    void writesDuringAReadGoOutWhenTheReadCompletes() {
        EmbeddedChannel ch = new EmbeddedChannel();
        FlushBatching.on(ch.pipeline());

        ch.pipeline().fireChannelRead("request");
        ch.pipeline().writeAndFlush(bytes("answer"));
        ch.runPendingTasks();
        assertThat(sent(ch)).isNull();

        ch.pipeline().fireChannelReadComplete();
        assertThat(sent(ch)).isEqualTo("answer");
        assertThat((Object) ch.readInbound()).isEqualTo("request");
    }

    @Test
    void isAddedOnceAndFirst() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        FlushBatching.on(ch.pipeline());
        FlushBatching.on(ch.pipeline());

        assertThat(ch.pipeline().first()).isInstanceOf(FlushBatching.class);
        long batching = ch.pipeline().names().stream()
                .filter(n -> ch.pipeline().get(n) instanceof FlushBatching).count();
        assertThat(batching).isEqualTo(1);
    }
}
