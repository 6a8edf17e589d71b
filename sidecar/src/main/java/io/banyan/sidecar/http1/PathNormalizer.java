package io.banyan.sidecar.http1;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Normalises each request's path ({@link RequestPaths}) before the frontend routes it, on HTTP/1.1 connections and
 * HTTP/2 streams alike: routes match, and the app receives, the normalised path.
 */
@ChannelHandler.Sharable
public final class PathNormalizer extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            String uri = request.uri();
            String normalized = RequestPaths.normalize(uri);
            if (!normalized.equals(uri)) {
                request.setUri(normalized);
            }
        }
        ctx.fireChannelRead(msg);
    }
}
