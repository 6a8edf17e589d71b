package io.banyan.testkit.upstream;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The socket part of every Netty fake upstream: a server on 127.0.0.1 port 0 on its own event loop, counting the
 * connections it accepted; what each connection speaks is the fake's {@code pipeline}.
 */
public final class LoopbackServer implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final AtomicInteger connections = new AtomicInteger();
    private final Channel server;

    private LoopbackServer(Consumer<Channel> pipeline) {
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connections.incrementAndGet();
                        pipeline.accept(channel);
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    /** Listens now; {@code pipeline} sets up each accepted channel (on its event loop). */
    public static LoopbackServer start(Consumer<Channel> pipeline) {
        return new LoopbackServer(Objects.requireNonNull(pipeline, "pipeline"));
    }

    /** The port the OS chose. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Stops listening and closes the event loop (and with it every connection). */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
