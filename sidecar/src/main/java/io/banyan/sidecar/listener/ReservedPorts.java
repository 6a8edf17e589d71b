package io.banyan.sidecar.listener;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sockets bound on port 0 before the config that names their port exists (the sidecar tells the control plane its
 * ports, and the control plane answers with listeners on them). A reserved socket accepts nothing (auto-read off on
 * the server channel; the kernel queues connections) until a listener of the same address and port takes it over.
 */
final class ReservedPorts {

    private final Map<String, Reserved> reserved = new ConcurrentHashMap<>();

    /** A bound server channel waiting for its listener's pipeline. */
    private record Reserved(Channel channel, AtomicReference<ChannelHandler> pipeline) {
    }

    /** Binds {@code address}:0 now (off the event loops: it waits for the bind) and returns the port the OS chose. */
    int reserve(ServerBootstrap bootstrap, String address) {
        AtomicReference<ChannelHandler> pipeline = new AtomicReference<>();
        Channel channel = bootstrap.clone()
                .option(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel child) {
                        child.pipeline().addLast(pipeline.get());
                    }
                })
                .bind(address, 0)
                .syncUninterruptibly()
                .channel();
        int port = ((InetSocketAddress) channel.localAddress()).getPort();
        reserved.put(key(address, port), new Reserved(channel, pipeline));
        return port;
    }

    /**
     * The reserved channel of {@code address}:{@code port}, now accepting with {@code pipeline}; null if none was
     * reserved there.
     */
    Channel adopt(String address, int port, ChannelHandler pipeline) {
        Reserved taken = reserved.remove(key(address, port));
        if (taken == null) {
            return null;
        }
        taken.pipeline().set(pipeline);
        taken.channel().config().setAutoRead(true);
        return taken.channel();
    }

    /**
     * Closes the socket reserved on {@code address}:{@code port}, for a listener that binds that port itself (on
     * another transport); completes once it is closed and the port is free, at once if none was reserved there.
     * Connections waiting in its queue are refused.
     */
    CompletableFuture<Void> release(String address, int port) {
        Reserved released = reserved.remove(key(address, port));
        if (released == null) {
            return CompletableFuture.completedFuture(null);
        }
        return Futures.of(released.channel().close()).handle((channel, failure) -> null);
    }

    /** Closes every socket no listener took; the futures complete once each is closed. */
    List<CompletableFuture<Void>> close() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (String key : List.copyOf(reserved.keySet())) {
            Reserved unused = reserved.remove(key);
            if (unused != null) {
                closing.add(Futures.of(unused.channel().close()).handle((channel, failure) -> null));
            }
        }
        return closing;
    }

    private static String key(String address, int port) {
        return address + ":" + port;
    }
}
