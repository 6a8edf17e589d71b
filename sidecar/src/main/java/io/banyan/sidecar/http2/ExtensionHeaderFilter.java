package io.banyan.sidecar.http2;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil;

/**
 * Removes the extension headers Netty's HTTP/2-to-HTTP conversion adds to a request and its trailers
 * ({@code x-http2-stream-id}, {@code x-http2-scheme}, {@code x-http2-path}, ...), whoever set them, so they never
 * reach an upstream.
 */
@ChannelHandler.Sharable
final class ExtensionHeaderFilter extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            strip(request.headers());
        }
        if (msg instanceof LastHttpContent last) {
            strip(last.trailingHeaders());
        }
        ctx.fireChannelRead(msg);
    }

    static void strip(HttpHeaders headers) {
        if (headers.isEmpty()) {
            return;
        }
        for (HttpConversionUtil.ExtensionHeaderNames name : HttpConversionUtil.ExtensionHeaderNames.values()) {
            headers.remove(name.text());
        }
    }
}
