package io.banyan.sidecar.listener;

import io.banyan.sidecar.upstream.ChannelTypes;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/**
 * The event loop groups of the data plane and the channel types that go with their transports: the main group
 * (epoll where available, else NIO) for HTTP listeners, their upstreams, health probes and the control-plane
 * channel, and the stream group, always NIO, for the byte streams that allow half-closure: tcp_proxy listeners
 * ({@link #streamServerChannelType()}) and, since {@code UpstreamDialer} connects on the downstream's loop, their
 * upstream connections ({@link #socket(EventLoop)} answers NIO on a stream loop).
 *
 * <p>Why two: in Netty 4.2.18 an epoll channel whose interest set becomes empty is deleted from the epoll set
 * ({@code EPOLL_CTL_DEL}) while Netty still counts it as added, so its next interest is an {@code EPOLL_CTL_MOD} that
 * fails with ENOENT. A half-closed connection (its peer's FIN received, which clears EPOLLRDHUP and EPOLLIN) gets
 * there as soon as it has nothing pending for a moment: the next write that has to wait for EPOLLOUT fails, Netty
 * shuts the output and fails the queued writes, and the peer sees a clean FIN short of the answer. A connection that
 * does not allow half-closure closes on the peer's FIN and never gets there. NIO's selector re-adds a key whose
 * interest set was empty; NIO everywhere cost about 40% of the HTTP throughput, so only the half-closing streams pay.
 *
 * <p>Residual exposure: an HTTP upgrade tunnel ({@code proxy.upgrade.Upgrades}: WebSocket and other 101 answers)
 * allows half-closure on an HTTP connection that was accepted, and an upstream that was pooled, on the main group;
 * a channel cannot change transport, so with epoll a tunnel still loses the tail of what one side sends after the
 * other side's FIN, whenever that write has to wait for the socket (a large or slow-draining answer after a
 * half-close). Tunnels whose two sides close together (WebSocket's close handshake) are not affected. Both groups
 * go back to one when Netty's epoll re-adds such a channel;
 * {@code TcpProxyIT.aLargeAnswerAfterTheClientsHalfCloseArrivesWholeThroughASmallReceiveWindow} shows the bug
 * (run it with the tcp listener on epoll).
 */
public final class EventLoops implements ChannelTypes, AutoCloseable {

    private final EventLoopGroup group;
    private final EventLoopGroup streams;
    private final boolean epoll;

    private EventLoops(EventLoopGroup group, EventLoopGroup streams, boolean epoll) {
        this.group = group;
        this.streams = streams;
        this.epoll = epoll;
    }

    /**
     * {@code threads} event loops in each group ({@code 0}: Netty's default, twice the cores). The stream group has
     * as many as the main one: a loop that waits is cheap, and tcp_proxy traffic may be all a sidecar carries (a
     * database's sidecar), so it gets the same share of the cores as HTTP would.
     */
    public static EventLoops create(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: >= 0)");
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("banyan-io"), io);
        EventLoopGroup streams = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("banyan-stream"),
                NioIoHandler.newFactory());
        return new EventLoops(group, streams, epoll);
    }

    /** The main group: HTTP listeners and their connections, pooled upstreams, probes, the control-plane channel. */
    public EventLoopGroup group() {
        return group;
    }

    /** The NIO group of half-closing byte streams: tcp_proxy listeners, their connections and their upstreams. */
    public EventLoopGroup streamGroup() {
        return streams;
    }

    /** Whether the main group runs on epoll. */
    public boolean epoll() {
        return epoll;
    }

    public Class<? extends ServerChannel> serverChannelType() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> socketChannelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends DatagramChannel> datagramChannelType() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** The server channel of the stream group (tcp_proxy listeners). */
    public Class<? extends ServerChannel> streamServerChannelType() {
        return NioServerSocketChannel.class;
    }

    /** NIO on a loop of the stream group, else the main group's. */
    @Override
    public Class<? extends SocketChannel> socket(EventLoop loop) {
        return isStreamLoop(loop) ? NioSocketChannel.class : socketChannelType();
    }

    /** NIO on a loop of the stream group, else the main group's. */
    @Override
    public Class<? extends DatagramChannel> datagram(EventLoop loop) {
        return isStreamLoop(loop) ? NioDatagramChannel.class : datagramChannelType();
    }

    private boolean isStreamLoop(EventLoop loop) {
        return loop.parent() == streams;
    }

    /** Shuts both groups down (waits up to 5 s for each when called off their loops). */
    @Override
    public void close() {
        var streamsDone = streams.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        var done = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (!streams.next().inEventLoop() && !group.next().inEventLoop()) {
            streamsDone.awaitUninterruptibly(5, TimeUnit.SECONDS);
            done.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
