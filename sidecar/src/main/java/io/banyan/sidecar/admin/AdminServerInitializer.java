package io.banyan.sidecar.admin;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/** The admin pipeline: HTTP/1.1 codec, a small aggregator (admin requests carry no real body), the handler. */
final class AdminServerInitializer extends ChannelInitializer<SocketChannel> {

    static final String CODEC = "codec";
    static final String AGGREGATOR = "aggregator";
    static final String HANDLER = "admin";
    static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final AdminRoutes routes;
    private final AdminAccess access;
    private final ChannelGroup connections;

    AdminServerInitializer(AdminRoutes routes, AdminAccess access, ChannelGroup connections) {
        this.routes = routes;
        this.access = access;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        channel.pipeline()
                .addLast(CODEC, new HttpServerCodec())
                .addLast(AGGREGATOR, new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast(HANDLER, new AdminHandler(routes, access));
    }
}
