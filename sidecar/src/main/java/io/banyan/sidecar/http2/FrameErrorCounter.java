package io.banyan.sidecar.http2;

import io.banyan.sidecar.core.ErrorCause;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.logging.LogLevel;

import java.nio.charset.StandardCharsets;

/**
 * Counts, by reason, the GOAWAY, RST_STREAM and 431 frames one connection's codec sends: Netty enforces the limits
 * itself and reports some of them nowhere else (a reset of a stream it never opened, a control-frame flood), but
 * every one ends in one of these frames. Hooked in as the codec's frame logger; still logs at TRACE.
 */
final class FrameErrorCounter extends Http2FrameLogger {

    private static final String STATUS_431 = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.codeAsText().toString();

    private final Http2Meters meters;
    private int answered431 = -1;
    private boolean goAwayCounted;

    FrameErrorCounter(Http2Meters meters) {
        super(LogLevel.TRACE, FrameErrorCounter.class);
        this.meters = meters;
    }

    @Override
    public void logHeaders(Direction direction, ChannelHandlerContext ctx, int streamId, Http2Headers headers,
                           int padding, boolean endStream) {
        onHeaders(direction, streamId, headers);
        super.logHeaders(direction, ctx, streamId, headers, padding, endStream);
    }

    @Override
    public void logHeaders(Direction direction, ChannelHandlerContext ctx, int streamId, Http2Headers headers,
                           int streamDependency, short weight, boolean exclusive, int padding, boolean endStream) {
        onHeaders(direction, streamId, headers);
        super.logHeaders(direction, ctx, streamId, headers, streamDependency, weight, exclusive, padding, endStream);
    }

    @Override
    public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
        if (direction == Direction.OUTBOUND && streamId != answered431) {
            Http2Reason reason = Http2Reason.ofReset(errorCode);
            if (reason != null) {
                meters.record(reason);
            }
        }
        super.logRstStream(direction, ctx, streamId, errorCode);
    }

    @Override
    public void logGoAway(Direction direction, ChannelHandlerContext ctx, int lastStreamId, long errorCode,
                          ByteBuf debugData) {
        if (direction == Direction.OUTBOUND && !goAwayCounted) {
            Http2Reason reason = Http2Reason.ofGoAway(errorCode, debugData.toString(StandardCharsets.UTF_8));
            if (reason != null) {
                goAwayCounted = true; // one connection, one reason
                meters.record(reason);
            }
        }
        super.logGoAway(direction, ctx, lastStreamId, errorCode, debugData);
    }

    private void onHeaders(Direction direction, int streamId, Http2Headers headers) {
        if (direction == Direction.OUTBOUND && headers.status() != null && STATUS_431.contentEquals(headers.status())
                && !headers.contains(ErrorCause.HEADER)) {
            answered431 = streamId; // the codec's own answer to an oversized (decoded) header list
            meters.record(Http2Reason.HEADER_LIST_TOO_LARGE);
        }
    }
}
