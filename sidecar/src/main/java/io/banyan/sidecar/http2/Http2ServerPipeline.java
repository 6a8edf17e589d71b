package io.banyan.sidecar.http2;

import io.banyan.dataplane.config.Http2Limits;
import io.banyan.sidecar.codec.FlushCoalescing;
import io.banyan.sidecar.http1.DownstreamHop;
import io.banyan.sidecar.observe.EarlyAnswers;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2LocalFlowController;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The HTTP/2 part of a downstream pipeline, one listener's limits and counters shared by its connections: the frame
 * codec with every limit explicit, the multiplexer giving each stream its own channel ({@link StreamInitializer}),
 * the idle-connection timer and the graceful drain. The connection itself reads freely: memory is bounded by the
 * flow-control windows and the flood limits, and each stream reads only as its upstream takes the bytes.
 */
public final class Http2ServerPipeline {

    public static final String FLUSHES = "h2-flushes";
    public static final String CODEC = "h2-codec";
    public static final String MULTIPLEX = "h2-multiplex";
    public static final String IDLE = "h2-idle";
    public static final String DRAIN = "h2-drain";

    private final Http2Limits limits;
    private final Http2Meters meters;
    private final StreamInitializer streams;

    /**
     * @param frontend       makes the last handler of each stream's pipeline (the proxy frontend)
     * @param hop            who the listener's clients are (what of their forwarding headers is kept)
     * @param beforeFrontend adds an edge gateway's end-user filter before each stream's frontend (or nothing)
     * @param answers        who is told of a stream refused before it became an exchange (too many header fields)
     */
    public Http2ServerPipeline(Http2Limits limits, Http2Meters meters, Supplier<? extends ChannelHandler> frontend,
                               DownstreamHop hop, Consumer<ChannelPipeline> beforeFrontend, EarlyAnswers answers) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.streams = new StreamInitializer(limits, meters, Objects.requireNonNull(frontend, "frontend"),
                Objects.requireNonNull(hop, "hop"), Objects.requireNonNull(beforeFrontend, "beforeFrontend"),
                Objects.requireNonNull(answers, "answers"));
    }

    /** Adds the HTTP/2 handlers at the end of {@code channel}'s pipeline and lets the connection read. */
    public void addLast(Channel channel) {
        Http2FrameCodec codec = codec();
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(FLUSHES, FlushCoalescing.newHandler());
        pipeline.addLast(CODEC, codec);
        widenConnectionWindow(codec.connection());
        pipeline.addLast(MULTIPLEX, new Http2MultiplexHandler(streams));
        if (!limits.idleTimeout().isZero()) {
            pipeline.addLast(IDLE, new IdleConnectionCloser(codec.connection(), limits.idleTimeout(), meters));
        }
        pipeline.addLast(DRAIN, new GracefulDrain());
        channel.config().setAutoRead(true);
    }

    Http2FrameCodec codec() {
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(settings(limits))
                .validateHeaders(true)
                .encoderEnforceMaxQueuedControlFrames(limits.maxQueuedControlFrames())
                .decoderEnforceMaxConsecutiveEmptyDataFrames(limits.maxConsecutiveEmptyFrames())
                .decoderEnforceMaxRstFramesPerWindow(limits.maxRstFramesPerWindow(),
                        (int) limits.rstFrameWindow().toSeconds())
                .decoderEnforceMaxSmallContinuationFrames(limits.maxSmallContinuationFrames())
                .gracefulShutdownTimeoutMillis(limits.drainTimeout().toMillis())
                .autoAckSettingsFrame(true)
                .autoAckPingFrame(true)
                .frameLogger(new FrameErrorCounter(meters))
                .build();
    }

    static Http2Settings settings(Http2Limits limits) {
        return new Http2Settings()
                .maxConcurrentStreams(limits.maxConcurrentStreams())
                .initialWindowSize(limits.initialStreamWindow())
                .maxFrameSize(limits.maxFrameSize())
                .maxHeaderListSize(limits.maxHeaderListBytes());
    }

    /** Netty opens the connection window as wide as a stream's; ours may be wider. */
    private void widenConnectionWindow(Http2Connection connection) {
        Http2LocalFlowController flow = connection.local().flowController();
        int delta = limits.initialConnectionWindow() - flow.windowSize(connection.connectionStream());
        if (delta > 0) {
            try {
                flow.incrementWindowSize(connection.connectionStream(), delta);
            } catch (Http2Exception e) {
                throw new IllegalStateException("connection window: " + limits.initialConnectionWindow(), e);
            }
        }
    }
}
