package io.banyan.adminserver;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Translates Netty requests to {@link AdminRequest}s, runs the dispatcher on the admin executor (never
 * on the event loop), and writes the responses back in request order (a deferred answer, a long poll, when it comes); a {@link Refusal} is written in its turn,
 * then the connection closes.
 */
final class AdminHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

    private final AdminDispatcher dispatcher;
    private final Executor executor;
    private final boolean closeAfterEachResponse;
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

    /** @param closeAfterEachResponse no keep-alive (a connection kept beyond the limit for probes) */
    AdminHandler(AdminDispatcher dispatcher, Executor executor, boolean closeAfterEachResponse) {
        this.dispatcher = dispatcher;
        this.executor = executor;
        this.closeAfterEachResponse = closeAfterEachResponse;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Refusal refusal) {
            previous = previous.thenRun(() -> LingeringClose.writeAndClose(ctx, HttpResponses.of(refusal.response(), false)));
            return;
        }
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            read(ctx, request);
        } finally {
            request.release();
        }
    }

    private void read(ChannelHandlerContext ctx, FullHttpRequest msg) {
        if (msg.decoderResult().isFailure()) { // a body the codec could not frame; heads are refused by the gate
            ApiException e = DecoderFailures.problem(msg.decoderResult().cause());
            previous = previous.thenRun(() -> LingeringClose.writeAndClose(ctx, HttpResponses.problem(e, false)));
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(msg) && !closeAfterEachResponse;
        QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
        AdminRequest request = request(msg, uri.path(), ByteBufUtil.getBytes(msg.content()))
                .withQueryParams(uri.parameters());
        previous = previous.thenComposeAsync(done -> dispatcher.dispatchLater(request), executor)
                .thenAccept(response -> write(ctx, response, keepAlive))
                .exceptionally(e -> {
                    log.warn("admin request {} {} could not be answered", AdminMethod.of(request.method()).label(),
                            request.path(), e);
                    ctx.close();
                    return null;
                });
    }

    /** The request the gate and the handlers see: the head's method, path and the headers they read, and the body. */
    static AdminRequest request(HttpRequest head, String path, byte[] body) {
        HttpHeaders headers = head.headers();
        return new AdminRequest(head.method().name(), path, headers.get(HttpHeaderNames.AUTHORIZATION),
                headers.get(HttpHeaderNames.CONTENT_TYPE), headers.get(HttpHeaderNames.HOST),
                headers.get(HttpHeaderNames.ORIGIN), body, null, null, headers.get(HttpHeaderNames.IF_MATCH), null,
                headers.get(HttpHeaderNames.IF_NONE_MATCH), headers.get(HttpHeaderNames.ACCEPT));
    }

    private static void write(ChannelHandlerContext ctx, AdminResponse response, boolean keepAlive) {
        var future = ctx.writeAndFlush(HttpResponses.of(response, keepAlive));
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
