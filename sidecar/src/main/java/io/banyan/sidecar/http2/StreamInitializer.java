package io.banyan.sidecar.http2;

import io.banyan.dataplane.config.Http2Limits;
import io.banyan.sidecar.codec.EndStreamOnHeaders;
import io.banyan.sidecar.codec.FullMessageSplitter;
import io.banyan.sidecar.http1.DownstreamHop;
import io.banyan.sidecar.observe.EarlyAnswers;
import io.banyan.sidecar.http1.ForwardedHeaders;
import io.banyan.sidecar.http1.PathNormalizer;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The pipeline of one HTTP/2 stream, built so the proxy sees the HTTP/1.1 shapes it already serves: frames to HTTP
 * objects (a request it refuses resets the stream; a response without body or trailers goes out as one HEADERS
 * frame, see {@link EndStreamOnHeaders}), a full message split into head and last content, Netty's extension headers
 * removed, the header count checked, an idle timer, the path normalised, the proxy headers, then a frontend of its
 * own. Auto-read is off: the frontend reads when the upstream can take more, and the stream's flow-control window is
 * returned only as it reads.
 */
@ChannelHandler.Sharable
final class StreamInitializer extends ChannelInitializer<Http2StreamChannel> {

    static final String CODEC = "h2-stream-codec";
    static final String END_STREAM = "h2-end-stream-on-headers";
    static final String ERRORS = "h2-stream-errors";
    static final String SPLITTER = "h2-splitter";
    static final String EXTENSION_HEADERS = "h2-extension-headers";
    static final String HEADER_COUNT = "h2-header-count";
    static final String IDLE = "h2-stream-idle";
    static final String PATH = "h2-path";
    static final String FORWARDED = "h2-forwarded";
    static final String FRONTEND = "frontend";

    private static final ExtensionHeaderFilter EXTENSION_FILTER = new ExtensionHeaderFilter();

    private final PathNormalizer paths = new PathNormalizer();
    private final Http2Limits limits;
    private final Http2Meters meters;
    private final Supplier<? extends ChannelHandler> frontend;
    private final DownstreamHop hop;
    private final Consumer<ChannelPipeline> beforeFrontend;
    private final EarlyAnswers answers;

    StreamInitializer(Http2Limits limits, Http2Meters meters, Supplier<? extends ChannelHandler> frontend,
                      DownstreamHop hop, Consumer<ChannelPipeline> beforeFrontend, EarlyAnswers answers) {
        this.beforeFrontend = beforeFrontend;
        this.answers = answers;
        this.limits = limits;
        this.meters = meters;
        this.frontend = frontend;
        this.hop = hop;
    }

    @Override
    protected void initChannel(Http2StreamChannel stream) {
        stream.config().setAutoRead(false);
        ChannelPipeline pipeline = stream.pipeline();
        pipeline.addLast(CODEC, new Http2StreamFrameToHttpObjectCodec(true, true))
                .addLast(END_STREAM, new EndStreamOnHeaders())
                .addLast(ERRORS, new StreamErrorReset(meters));
        if (!limits.streamIdleTimeout().isZero()) {
            pipeline.addLast(IDLE, new StreamIdleTimeout(limits.streamIdleTimeout(), meters));
        }
        pipeline.addLast(SPLITTER, FullMessageSplitter.INSTANCE)
                .addLast(EXTENSION_HEADERS, EXTENSION_FILTER)
                .addLast(HEADER_COUNT, new HeaderCountLimit(limits.maxHeaderCount(), meters, answers))
                .addLast(PATH, paths)
                .addLast(FORWARDED, new ForwardedHeaders(hop))
                .addLast(FRONTEND, frontend.get());
        beforeFrontend.accept(pipeline);
    }
}
