package dev.switchboard.net;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.TcpConfig;
import io.vertx.core.transport.Transport;
import java.net.SocketAddress;
import java.util.concurrent.ThreadFactory;

/**
 * A native transport whose listeners accept connections on the event loops that serve them, as nginx's workers do,
 * instead of on a thread of Vert.x's own. Vert.x gives its listeners an acceptor loop apart from the I/O loops:
 * a thread that wakes only to accept a connection and then hands it over to an I/O loop, waking that one too.
 * On one core that is two switches between threads for every new connection, and the acceptor loop's thread,
 * its stack and its I/O handler stay resident (with io_uring, its own ring and about 0.5 MB of Netty's message
 * headers). Here the I/O loops are asked for first, and the acceptor's group is the same group.
 *
 * <p>Only for the native transports: Vert.x tells whether its transport is native by whether it is its NIO class.
 */
public final class AcceptOnIoLoops implements Transport {
    private final Transport transport;
    private final SharedGroups implementation;

    private AcceptOnIoLoops(Transport transport) {
        this.transport = transport;
        this.implementation = new SharedGroups(transport.implementation());
    }

    /** {@code transport} with its acceptor loop on its I/O loops; NIO as it is. One per Vert.x instance. */
    public static Transport of(Transport transport) {
        return transport == NIO ? transport : new AcceptOnIoLoops(transport);
    }

    /** The transport this one runs on. */
    public Transport transport() {
        return transport;
    }

    @Override
    public String name() {
        return transport.name();
    }

    @Override
    public boolean available() {
        return transport.available();
    }

    @Override
    public Throwable unavailabilityCause() {
        return transport.unavailabilityCause();
    }

    @Override
    public io.vertx.core.spi.transport.Transport implementation() {
        return implementation;
    }

    /** Vert.x's transport with the acceptor's group answered by the I/O loops' group once that exists. */
    private static final class SharedGroups implements io.vertx.core.spi.transport.Transport {
        private final io.vertx.core.spi.transport.Transport delegate;
        private EventLoopGroup ioLoops;

        SharedGroups(io.vertx.core.spi.transport.Transport delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory factory, int ioRatio) {
            if (type == ACCEPTOR_EVENT_LOOP_GROUP && ioLoops != null) return ioLoops;
            EventLoopGroup group = delegate.eventLoopGroup(type, threads, factory, ioRatio);
            if (type == IO_EVENT_LOOP_GROUP) ioLoops = group;
            return group;
        }

        @Override
        public IoHandlerFactory ioHandlerFactory() {
            return delegate.ioHandlerFactory();
        }

        @Override
        public boolean supportsDomainSockets() {
            return delegate.supportsDomainSockets();
        }

        @Override
        public boolean supportFileRegion() {
            return delegate.supportFileRegion();
        }

        @Override
        public boolean isAvailable() {
            return delegate.isAvailable();
        }

        @Override
        public Throwable unavailabilityCause() {
            return delegate.unavailabilityCause();
        }

        @Override
        public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
            return delegate.convert(address);
        }

        @Override
        public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
            return delegate.convert(address);
        }

        @Override
        @SuppressWarnings("deprecation") // Vert.x's interface still names Netty's InternetProtocolFamily
        public DatagramChannel datagramChannel(InternetProtocolFamily family) {
            return delegate.datagramChannel(family);
        }

        @Override
        public ChannelFactory<? extends DatagramChannel> datagramChannelFactory() {
            return delegate.datagramChannelFactory();
        }

        @Override
        public ChannelFactory<? extends io.netty.channel.Channel> channelFactory(boolean domainSocket) {
            return delegate.channelFactory(domainSocket);
        }

        @Override
        public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
            return delegate.serverChannelFactory(domainSocket);
        }

        @Override
        public void configure(DatagramChannel channel, DatagramSocketOptions options) {
            delegate.configure(channel, options);
        }

        @Override
        public void configure(TcpConfig options, boolean domainSocket, io.netty.bootstrap.Bootstrap bootstrap) {
            delegate.configure(options, domainSocket, bootstrap);
        }

        @Override
        public void configure(TcpConfig options, boolean domainSocket, io.netty.bootstrap.ServerBootstrap bootstrap) {
            delegate.configure(options, domainSocket, bootstrap);
        }
    }
}
