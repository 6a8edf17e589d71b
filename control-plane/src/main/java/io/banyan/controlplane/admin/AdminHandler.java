package io.banyan.controlplane.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Translates Netty requests to {@link AdminRequest}s, runs the dispatcher on the admin executor (never
 * on the event loop), and writes the responses back in request order.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

    private final AdminDispatcher dispatcher;
    private final Executor executor;
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

    AdminHandler(AdminDispatcher dispatcher, Executor executor) {
        this.dispatcher = dispatcher;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        if (msg.decoderResult().isFailure()) {
            ApiException e = ApiException.badRequest(null, "malformed HTTP request: " + msg.decoderResult().cause());
            write(ctx, Problem.of(e, null).toResponse(), false);
            return;
        }
        AdminRequest request = new AdminRequest(msg.method().name(), new QueryStringDecoder(msg.uri()).path(),
                msg.headers().get(HttpHeaderNames.AUTHORIZATION), msg.headers().get(HttpHeaderNames.CONTENT_TYPE),
                ByteBufUtil.getBytes(msg.content()), null);
        previous = previous.thenRunAsync(() -> write(ctx, dispatcher.dispatch(request), keepAlive), executor)
                .exceptionally(e -> {
                    log.warn("admin request {} {} could not be answered", request.method(), request.path(), e);
                    ctx.close();
                    return null;
                });
    }

    private static void write(ChannelHandlerContext ctx, AdminResponse response, boolean keepAlive) {
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        response.headers().forEach((name, value) -> out.headers().set(name, value));
        if (response.contentType() != null) {
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        }
        out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        HttpUtil.setKeepAlive(out, keepAlive);
        var future = ctx.writeAndFlush(out);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
