package io.banyan.controlplane.admin;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

import java.util.concurrent.Executor;

/** Builds an admin connection's pipeline: HTTP codec, 1 MiB aggregator, admin handler. */
final class AdminInitializer extends ChannelInitializer<SocketChannel> {

    static final String CODEC = "http-codec";
    static final String AGGREGATOR = "aggregator";
    static final String HANDLER = "admin-handler";

    private final AdminDispatcher dispatcher;
    private final Executor executor;
    private final ChannelGroup connections;

    AdminInitializer(AdminDispatcher dispatcher, Executor executor, ChannelGroup connections) {
        this.dispatcher = dispatcher;
        this.executor = executor;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        connections.add(ch);
        ch.pipeline()
                .addLast(CODEC, new HttpServerCodec())
                .addLast(AGGREGATOR, new ProblemAggregator())
                .addLast(HANDLER, new AdminHandler(dispatcher, executor));
    }
}
