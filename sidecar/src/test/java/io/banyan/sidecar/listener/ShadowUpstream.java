package io.banyan.sidecar.listener;

import io.banyan.testkit.upstream.LoopbackServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A mirror cluster's app on 127.0.0.1 port 0: records every request it gets in full (method, target, Host, body),
 * then answers 200 "shadow", holds the request unanswered (its connection open) or resets the connection, as
 * {@link #behave(Behaviour)} says.
 */
final class ShadowUpstream implements AutoCloseable {

    enum Behaviour { ANSWER, HOLD, RESET }

    record Seen(String method, String uri, String host, String body) {
    }

    private final LoopbackServer server;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private volatile Behaviour behaviour = Behaviour.ANSWER;

    ShadowUpstream() {
        this.server = LoopbackServer.start(channel -> channel.pipeline()
                .addLast(new HttpServerCodec(), new HttpObjectAggregator(1024 * 1024), new Handler()));
    }

    ShadowUpstream behave(Behaviour next) {
        this.behaviour = next;
        return this;
    }

    int port() {
        return server.port();
    }

    /** What it has received so far, in order. */
    BlockingQueue<Seen> seen() {
        return seen;
    }

    @Override
    public void close() {
        server.close();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            seen.add(new Seen(request.method().name(), request.uri(), request.headers().get(HttpHeaderNames.HOST),
                    request.content().toString(StandardCharsets.UTF_8)));
            switch (behaviour) {
                case ANSWER -> {
                    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                            Unpooled.copiedBuffer("shadow", StandardCharsets.US_ASCII));
                    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
                    ctx.writeAndFlush(response);
                }
                case RESET -> ctx.close();
                case HOLD -> { } // never answered while the server runs
            }
        }
    }
}
