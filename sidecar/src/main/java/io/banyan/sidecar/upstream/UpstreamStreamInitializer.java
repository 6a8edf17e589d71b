package io.banyan.sidecar.upstream;

import io.banyan.sidecar.codec.EndStreamOnHeaders;
import io.banyan.sidecar.codec.FullMessageSplitter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

/**
 * Builds an upstream HTTP/2 stream's pipeline: frames to HTTP objects and back, a request without body sent as
 * HEADERS that end the stream ({@link EndStreamOnHeaders}), a full response (trailers-only)
 * split into head and last content, then the {@link UpstreamStream} the exchange attaches to.
 */
final class UpstreamStreamInitializer extends ChannelInitializer<Http2StreamChannel> {

    static final String CODEC = "h2-http";
    static final String END_STREAM = "end-stream-on-headers";
    static final String SPLITTER = "split-full";
    static final String STREAM = "stream";

    private final MultiplexedConnection connection;

    UpstreamStreamInitializer(MultiplexedConnection connection) {
        this.connection = connection;
    }

    @Override
    protected void initChannel(Http2StreamChannel channel) {
        channel.pipeline()
                .addLast(CODEC, new Http2StreamFrameToHttpObjectCodec(false, true))
                .addLast(END_STREAM, new EndStreamOnHeaders())
                .addLast(SPLITTER, FullMessageSplitter.INSTANCE)
                .addLast(STREAM, new UpstreamStream(connection));
    }
}
