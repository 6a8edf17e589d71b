package io.banyan.sidecar.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.HttpScheme;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;

import java.util.ArrayList;
import java.util.List;

/**
 * The frames of one upstream HTTP/2 connection's streams, at the connection's codec (no child channel per stream):
 * the peer's HEADERS, DATA and RST_STREAM go to the {@link UpstreamStream} they belong to, a stream's request goes
 * out through the codec's encoder, and the stream window is given back as its exchange takes the DATA. Pushed
 * streams are refused. On the connection's event loop only.
 */
final class StreamFrames extends Http2FrameAdapter implements Http2RemoteFlowController.Listener {

    private final MultiplexedConnection owner;
    /** The streams that got response parts in the current socket read, told once it is complete. */
    private final List<UpstreamStream> delivered = new ArrayList<>(8);
    private Http2ConnectionHandler codec;
    private ChannelHandlerContext ctx;
    private Http2Connection connection;
    private Http2Connection.PropertyKey key;
    /** For frames written with nobody waiting on them: a failed one fails its stream, not the connection. */
    private ChannelPromise quiet;
    private AsciiString scheme;

    StreamFrames(MultiplexedConnection owner) {
        this.owner = owner;
    }

    /** {@code codecContext}: the context of the connection's codec, built with this as its frame listener. */
    void bind(ChannelHandlerContext codecContext, boolean tls) {
        ctx = codecContext;
        codec = (Http2ConnectionHandler) codecContext.handler();
        connection = codec.connection();
        key = connection.newKey();
        quiet = new VoidChannelPromise(ctx.channel(), false);
        scheme = tls ? HttpScheme.HTTPS.name() : HttpScheme.HTTP.name();
        connection.remote().flowController().listener(this);
        connection.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                UpstreamStream upstream = stream.getProperty(key);
                if (upstream != null) {
                    upstream.streamClosed();
                }
            }

            @Override
            public void onGoAwayReceived(int lastStreamId, long errorCode, ByteBuf debugData) {
                owner.goAway(lastStreamId); // before the codec closes the streams above lastStreamId
            }
        });
    }

    Http2Connection connection() {
        return connection;
    }

    Channel channel() {
        return ctx.channel();
    }

    AsciiString scheme() {
        return scheme;
    }

    boolean refusedByGoAway(int streamId) {
        return owner.refusedByGoAway(streamId);
    }

    /** A stream of this connection ended (closed, reset, or never opened). */
    void ended() {
        owner.streamEnded();
    }

    // ---- outbound

    /** Opens a stream with its HEADERS; {@code null} when it could not be opened (the codec refused to create it). */
    Http2Stream open(UpstreamStream upstream, Http2Headers headers, boolean endStream) {
        int id = connection.local().incrementAndGetNextStreamId();
        if (id > 0) {
            codec.encoder().writeHeaders(ctx, id, headers, 0, endStream, quiet);
        }
        Http2Stream stream = id > 0 ? connection.stream(id) : null;
        if (stream != null) {
            stream.setProperty(key, upstream);
        }
        return stream;
    }

    /** Writes {@code data} (owned from now) as DATA, held back by flow control until the windows allow it. */
    void writeData(Http2Stream stream, ByteBuf data, boolean endStream) {
        codec.encoder().writeData(ctx, stream.id(), data, 0, endStream, quiet);
    }

    void writeTrailers(Http2Stream stream, Http2Headers trailers) {
        codec.encoder().writeHeaders(ctx, stream.id(), trailers, 0, true, quiet);
    }

    /** Resets {@code stream} with {@code error} and sends it; the codec closes the stream. */
    void reset(Http2Stream stream, Http2Error error) {
        codec.resetStream(ctx, stream.id(), error.code(), ctx.newPromise());
        flush();
    }

    void flush() {
        ctx.channel().flush();
    }

    boolean isWritable(Http2Stream stream) {
        return codec.encoder().flowController().isWritable(stream);
    }

    @Override
    public void writabilityChanged(Http2Stream stream) {
        UpstreamStream upstream = stream.getProperty(key);
        if (upstream != null) {
            upstream.writabilityChanged();
        }
    }

    /** {@code bytes} of {@code stream}'s DATA were taken by its exchange: the peer may send as many again. */
    void consumed(Http2Stream stream, int bytes) {
        if (bytes == 0) {
            return;
        }
        try {
            if (connection.local().flowController().consumeBytes(stream, bytes)) {
                flush(); // a WINDOW_UPDATE went out
            }
        } catch (Http2Exception e) {
            codec.onError(ctx, false, e);
        }
    }

    // ---- inbound

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                              boolean endOfStream) {
        UpstreamStream upstream = stream(streamId);
        if (upstream != null) {
            upstream.onHeaders(headers, endOfStream);
        }
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                              short weight, boolean exclusive, int padding, boolean endOfStream) {
        onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }

    /** Returns at once the bytes nobody holds: padding, and DATA handed over now or of streams nobody reads. */
    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
        UpstreamStream upstream = stream(streamId);
        int bytes = data.readableBytes();
        return padding + (upstream == null ? bytes : upstream.onData(data, endOfStream));
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
        UpstreamStream upstream = stream(streamId);
        if (upstream != null && errorCode == Http2Error.REFUSED_STREAM.code()) {
            upstream.refused();
        }
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
        owner.peerSettingsRead();
    }

    @Override
    public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
        owner.goAwayRead();
    }

    /** Push is off in our SETTINGS; one that comes before they apply is refused. */
    @Override
    public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId, Http2Headers headers,
                                  int padding) {
        codec.resetStream(ctx, promisedStreamId, Http2Error.CANCEL.code(), ctx.newPromise());
    }

    /** {@code stream} handed response parts to its exchange during this read: it is told when the read completes. */
    void deliveredInRead(UpstreamStream stream) {
        delivered.add(stream);
    }

    /** The connection's socket read is complete: each stream that delivered tells its exchange (a time to flush). */
    void readComplete() {
        for (int i = 0; i < delivered.size(); i++) {
            delivered.get(i).readComplete();
        }
        delivered.clear();
    }

    private UpstreamStream stream(int streamId) {
        Http2Stream stream = connection.stream(streamId);
        return stream == null ? null : stream.getProperty(key);
    }
}
