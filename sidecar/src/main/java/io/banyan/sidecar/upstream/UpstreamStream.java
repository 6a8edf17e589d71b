package io.banyan.sidecar.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * One exchange's stream on a pooled HTTP/2 connection, the last handler of the stream's pipeline: hands response
 * parts to the attached exchange and tells a refused stream (REFUSED_STREAM, or above a GOAWAY's last stream id)
 * from a reset one. Streams are never reused: releasing or closing one ends it.
 */
final class UpstreamStream extends AttachedListener implements UpstreamConnection {


    private final MultiplexedConnection connection;
    private Http2StreamChannel channel;
    private boolean refused;
    private boolean responseEnded;

    UpstreamStream(MultiplexedConnection connection) {
        this.connection = connection;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public boolean reused() {
        return false;
    }

    /**
     * The exchange is complete: the stream ends; the connection stays pooled. Once the response's END_STREAM was
     * read and ours was sent, the stream closes by itself: closing the channel now would reset it, since Netty hands
     * the last frame to the stream before it marks the stream closed, and resets count as an attack at the peer
     * (rapid-reset limits).
     */
    @Override
    public void release() {
        listener = null;
        if (!responseEnded || channel.stream().state().localSideOpen()) {
            channel.close();
        }
    }

    /** Resets the stream (RST_STREAM CANCEL unless it already ended); the connection stays pooled. */
    @Override
    public void close() {
        listener = null;
        channel.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = (Http2StreamChannel) ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener current = listener;
        if (current != null && msg instanceof HttpObject object) {
            if (object instanceof HttpResponse response) {
                dropConversionHeaders(response);
            }
            if (object instanceof LastHttpContent) {
                responseEnded = true;
            }
            current.onResponseObject(object);
            return;
        }
        noteRefusal(msg);
        ReferenceCountUtil.release(msg);
        if (msg instanceof HttpObject) {
            ctx.close(); // nobody listens any more
        }
    }

    /** RST_STREAM and a GOAWAY above this stream come as events (they are not flow-controlled reads). */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        noteRefusal(evt);
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamListener current = listener;
        listener = null;
        if (current == null) {
            return;
        }
        if (refused || connection.refusedByGoAway(channel.stream().id())) {
            current.onUpstreamRefused();
        } else {
            current.onUpstreamClosed();
        }
    }


    private void noteRefusal(Object msg) {
        if (msg instanceof Http2ResetFrame reset && reset.errorCode() == Http2Error.REFUSED_STREAM.code()) {
            refused = true;
        } else if (msg instanceof Http2GoAwayFrame goAway && channel.stream().id() > goAway.lastStreamId()) {
            refused = true;
        }
    }

    /** The stream codec adds {@code x-http2-*} headers of its own; they are not the upstream's and go no further. */
    private static void dropConversionHeaders(HttpResponse response) {
        for (HttpConversionUtil.ExtensionHeaderNames name : HttpConversionUtil.ExtensionHeaderNames.values()) {
            response.headers().remove(name.text());
        }
    }
}
