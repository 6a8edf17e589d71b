package io.banyan.sidecar.listener;

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
 * The event loop group of the data plane and the channel types that go with its transport: NIO, while
 * {@link #EPOLL} is off.
 */
public final class EventLoops implements AutoCloseable {

    /**
     * Whether to use Netty's native epoll transport where it is available. Off: in Netty 4.2.18 an epoll channel whose
     * interest set becomes empty is deleted from the epoll set while Netty still counts it as added, so the next
     * interest is an {@code epoll_ctl} MOD that fails with ENOENT. A half-closed connection gets there as soon as it
     * has nothing to read or write for a moment (its peer's FIN clears EPOLLRDHUP and EPOLLIN): the next write that
     * has to wait for EPOLLOUT fails, Netty shuts the output and fails the queued writes, and the peer sees a clean
     * FIN short of the answer (tcp_proxy and upgrade tunnels relay half-closes). NIO's selector re-adds a key whose
     * interest set was empty. Turn this back on with a Netty whose epoll does too;
     * {@code TcpProxyIT.aLargeAnswerAfterTheClientsHalfCloseArrivesWholeThroughASmallReceiveWindow} shows it.
     */
    static final boolean EPOLL = false;

    private final EventLoopGroup group;
    private final boolean epoll;

    private EventLoops(EventLoopGroup group, boolean epoll) {
        this.group = group;
        this.epoll = epoll;
    }

    /** A group of {@code threads} event loops ({@code 0}: Netty's default, twice the cores). */
    public static EventLoops create(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: >= 0)");
        }
        boolean epoll = EPOLL && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new EventLoops(new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("banyan-io"), io), epoll);
    }

    public EventLoopGroup group() {
        return group;
    }

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

    /** Shuts the loops down (waits up to 5 s when called off them). */
    @Override
    public void close() {
        var done = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (!group.next().inEventLoop()) {
            done.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
