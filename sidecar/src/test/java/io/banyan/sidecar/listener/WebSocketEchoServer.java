package io.banyan.sidecar.listener;

import io.banyan.testkit.upstream.LoopbackServer;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WebSocket echo app on 127.0.0.1 port 0: {@code /ws} echoes every data frame as it came (text, binary,
 * continuation) and answers a close frame with one; the text message {@code close-tcp} makes it drop the TCP
 * connection without a close frame. {@code /forbidden} answers an upgrade with 403, {@code /reset} closes the
 * connection without answering. It records the Upgrade and
 * Connection headers of each upgrade request it got.
 */
final class WebSocketEchoServer implements AutoCloseable {

    static final String CLOSE_TCP = "close-tcp";
    private static final int MAX_FRAME = 4 * 1024 * 1024;

    private final LoopbackServer server;
    private final List<String> upgradeHeaders = new CopyOnWriteArrayList<>();

    WebSocketEchoServer() {
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws")
                .maxFramePayloadLength(MAX_FRAME)
                .checkStartsWith(false)
                .sendCloseFrame(null) // close-tcp drops the connection without a close frame
                .build();
        this.server = LoopbackServer.start(channel ->
                channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                        new Gate(), new WebSocketServerProtocolHandler(config), new Echo()));
    }

    int port() {
        return server.port();
    }

    /** The {@code Connection} and {@code Upgrade} headers of each upgrade request, as "connection|upgrade". */
    List<String> upgradeHeaders() {
        return upgradeHeaders;
    }

    @Override
    public void close() {
        server.close();
    }

    /** Records the upgrade headers; refuses {@code /forbidden}. */
    private final class Gate extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest request) {
                upgradeHeaders.add(request.headers().get(HttpHeaderNames.CONNECTION) + "|"
                        + request.headers().get(HttpHeaderNames.UPGRADE));
                if (request.uri().startsWith("/reset")) {
                    request.release();
                    ctx.close();
                    return;
                }
                if (request.uri().startsWith("/forbidden")) {
                    request.release();
                    DefaultFullHttpResponse forbidden = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.FORBIDDEN);
                    forbidden.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
                    ctx.writeAndFlush(forbidden);
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Echoes data frames as they came. */
    private static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
        Echo() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text && text.isFinalFragment() && CLOSE_TCP.equals(text.text())) {
                frame.release();
                ctx.close();
                return;
            }
            ctx.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }
}
