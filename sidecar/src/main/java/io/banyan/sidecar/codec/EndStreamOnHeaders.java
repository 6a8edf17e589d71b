package io.banyan.sidecar.codec;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Sends a message with neither body nor trailers as one HEADERS frame that ends the stream, as its origin did: the
 * proxy writes a head and then an empty last content, which the stream codec would send as HEADERS and an empty
 * DATA frame. For a response, a gRPC trailers-only answer depends on it (gRPC clients reject the status followed by
 * an empty DATA); for a request, a peer that answers on HEADERS would otherwise see the request end after its
 * answer and reset the stream. The head waits for the next write or flush. Public for the upstream stream pipeline.
 */
public final class EndStreamOnHeaders extends ChannelOutboundHandlerAdapter {

    private HttpMessage head;
    private ChannelPromise headPromise;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (head != null) {
            HttpMessage pending = head;
            ChannelPromise pendingPromise = headPromise;
            head = null;
            headPromise = null;
            if (msg instanceof LastHttpContent last && !(msg instanceof HttpMessage) && !last.content().isReadable()
                    && last.trailingHeaders().isEmpty()) {
                last.release();
                ctx.write(full(pending), both(ctx, pendingPromise, promise));
                return;
            }
            ctx.write(pending, pendingPromise);
            ctx.write(msg, promise);
            return;
        }
        if (msg instanceof HttpMessage message && !(msg instanceof FullHttpMessage) && !informational(message)) {
            head = message;
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
            HttpMessage pending = head;
            head = null;
            ctx.write(pending, headPromise);
            headPromise = null;
        }
    }

    private static boolean informational(HttpMessage message) {
        return message instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    }

    private static FullHttpMessage full(HttpMessage head) {
        if (head instanceof HttpRequest request) {
            return new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                    Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE);
        }
        HttpResponse response = (HttpResponse) head;
        return new DefaultFullHttpResponse(response.protocolVersion(), response.status(), Unpooled.EMPTY_BUFFER,
                response.headers(), EmptyHttpHeaders.INSTANCE);
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
