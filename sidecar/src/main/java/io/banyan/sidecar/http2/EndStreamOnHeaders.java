package io.banyan.sidecar.http2;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Sends a response with neither body nor trailers as one HEADERS frame that ends the stream, as its origin did:
 * the proxy writes a head and then an empty last content, which the stream codec would send as HEADERS and an empty
 * DATA frame. A gRPC trailers-only response (the status in the only HEADERS frame) depends on it: gRPC clients
 * reject the status followed by an empty DATA. The head waits for the next write or flush.
 */
final class EndStreamOnHeaders extends ChannelOutboundHandlerAdapter {

    private HttpResponse head;
    private ChannelPromise headPromise;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (head != null) {
            HttpResponse pending = head;
            ChannelPromise pendingPromise = headPromise;
            head = null;
            headPromise = null;
            if (msg instanceof LastHttpContent last && !(msg instanceof HttpResponse) && !last.content().isReadable()
                    && last.trailingHeaders().isEmpty()) {
                last.release();
                ctx.write(new DefaultFullHttpResponse(pending.protocolVersion(), pending.status(), Unpooled.EMPTY_BUFFER,
                        pending.headers(), EmptyHttpHeaders.INSTANCE), both(ctx, pendingPromise, promise));
                return;
            }
            ctx.write(pending, pendingPromise);
            ctx.write(msg, promise);
            return;
        }
        if (msg instanceof HttpResponse response && !(msg instanceof FullHttpResponse)
                && response.status().codeClass() != io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
            head = response;
            headPromise = promise;
            return;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writePending(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        writePending(ctx);
        ctx.close(promise);
    }

    private void writePending(ChannelHandlerContext ctx) {
        if (head != null) {
            HttpResponse pending = head;
            head = null;
            ctx.write(pending, headPromise);
            headPromise = null;
        }
    }

    private static ChannelPromise both(ChannelHandlerContext ctx, ChannelPromise first, ChannelPromise second) {
        if (first.isVoid() && second.isVoid()) {
            return ctx.voidPromise();
        }
        ChannelPromise combined = ctx.newPromise();
        combined.addListener(done -> {
            notify(first, done);
            notify(second, done);
        });
        return combined;
    }

    private static void notify(ChannelPromise promise, io.netty.util.concurrent.Future<?> done) {
        if (promise.isVoid()) {
            return;
        }
        if (done.isSuccess()) {
            promise.trySuccess();
        } else {
            promise.tryFailure(done.cause());
        }
    }
}
