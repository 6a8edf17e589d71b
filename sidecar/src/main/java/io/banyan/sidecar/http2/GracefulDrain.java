package io.banyan.sidecar.http2;

import io.banyan.sidecar.core.DrainEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of an HTTP/2 connection's pipeline: on {@link DrainEvent} closes the connection through the codec, which
 * sends GOAWAY (NO_ERROR, the last stream it accepted), lets open streams finish within the drain timeout, then
 * closes. Also the last stop of connection exceptions: logged; those that are not HTTP/2 errors close the connection.
 */
final class GracefulDrain extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(GracefulDrain.class);

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof DrainEvent) {
            ctx.channel().close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP/2 connection {} failed", ctx.channel(), cause);
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
            ctx.close(); // an HTTP/2 error is the codec's: it sends GOAWAY with the error's code, then closes
        }
    }
}
