package io.banyan.sidecar.upstream;

import io.banyan.testkit.upstream.LoopbackServer;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/2 server on 127.0.0.1 port 0 (h2c with prior knowledge, or TLS when given a context), on frames:
 * {@code /hold} answers once {@link #releaseHeld()} is called; {@code /sha256} hashes the streamed body;
 * {@code /trailers} answers "hello" with trailers {@code grpc-status: 0}; {@code /trailers-only} answers one
 * HEADERS frame ending the stream ({@code :status 200}, {@code grpc-status 14}); {@code /refuse} resets the stream
 * with REFUSED_STREAM; {@code /goaway} sends GOAWAY (last stream id: the lowest held stream, else this one) and
 * answers; anything else answers "ok". It counts accepted and open connections and the streams it saw.
 */
public final class Http2TestServer implements AutoCloseable {

    private final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final LoopbackServer server;
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger endedByHeaders = new AtomicInteger();
    /** Held stream ids per connection. */
    private final Map<Channel, ConcurrentSkipListSet<Integer>> heldIds = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> release = new CompletableFuture<>();
    private volatile boolean refuseAll;

    public Http2TestServer(int maxConcurrentStreams) {
        this(maxConcurrentStreams, null);
    }

    public Http2TestServer(int maxConcurrentStreams, SslContext tls) {
        Http2Settings settings = Http2Settings.defaultSettings().maxConcurrentStreams(maxConcurrentStreams);
        this.server = LoopbackServer.start(channel -> {
            open.add(channel);
            ChannelPipeline pipeline = channel.pipeline();
            if (tls != null) {
                pipeline.addLast(tls.newHandler(channel.alloc()));
            }
            pipeline.addLast(Http2FrameCodecBuilder.forServer().initialSettings(settings)
                    .frameLogger(new FrameCounter()).build());
            pipeline.addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                @Override
                protected void initChannel(Http2StreamChannel stream) {
                    streams.incrementAndGet();
                    stream.pipeline().addLast(new StreamHandler());
                }
            }));
        });
    }

    public int port() {
        return server.port();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return server.connections();
    }

    /** Connections open now. */
    public int open() {
        return open.size();
    }

    public int streams() {
        return streams.get();
    }

    /** Requests whose HEADERS frame ended the stream (no body, no empty DATA after it). */
    public int endedByHeaders() {
        return endedByHeaders.get();
    }

    /** RST_STREAM frames received from clients. */
    public int resetsReceived() {
        return resets.get();
    }

    public int held() {
        return heldIds.values().stream().mapToInt(Set::size).sum();
    }

    /** Answers every held request (and those to come, until {@link #hold()}). */
    public void releaseHeld() {
        release.complete(null);
    }

    /** From now on every stream is reset with REFUSED_STREAM, whatever its path. */
    public void refuseAll() {
        refuseAll = true;
    }

    public void hold() {
        release = new CompletableFuture<>();
    }

    @Override
    public void close() {
        open.close().syncUninterruptibly();
        server.close();
    }

    private static Http2Headers status200() {
        return new DefaultHttp2Headers().status("200");
    }

    /** Counts, on the connection, every RST_STREAM a client sends (open stream or not) and HEADERS that end a stream. */
    private final class FrameCounter extends io.netty.handler.codec.http2.Http2FrameLogger {

        FrameCounter() {
            super(io.netty.handler.logging.LogLevel.TRACE);
        }

        @Override
        public void logHeaders(Direction direction, ChannelHandlerContext ctx, int streamId,
                               io.netty.handler.codec.http2.Http2Headers headers, int padding, boolean endStream) {
            if (direction == Direction.INBOUND && endStream) {
                endedByHeaders.incrementAndGet();
            }
            super.logHeaders(direction, ctx, streamId, headers, padding, endStream);
        }

        @Override
        public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
            if (direction == Direction.INBOUND) {
                resets.incrementAndGet();
            }
            super.logRstStream(direction, ctx, streamId, errorCode);
        }
    }

    /** One request stream. */
    private final class StreamHandler extends ChannelInboundHandlerAdapter {

        private final MessageDigest digest = sha256();
        private String path;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                boolean end;
                if (msg instanceof Http2HeadersFrame headers) {
                    path = headers.headers().path().toString();
                    end = headers.isEndStream();
                } else if (msg instanceof Http2DataFrame data) {
                    digest.update(ByteBufUtil.getBytes(data.content()));
                    end = data.isEndStream();
                } else {
                    return;
                }
                if (end) {
                    answer(ctx);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void answer(ChannelHandlerContext ctx) {
            Http2StreamChannel stream = (Http2StreamChannel) ctx.channel();
            switch (refuseAll ? "/refuse" : path) {
                case "/hold" -> {
                    Set<Integer> ids = heldIds.computeIfAbsent(stream.parent(), c -> new ConcurrentSkipListSet<>());
                    ids.add(stream.stream().id());
                    release.thenRun(() -> stream.eventLoop().execute(() -> {
                        ids.remove(stream.stream().id());
                        respond(ctx, "held");
                    }));
                }
                case "/sha256" -> respond(ctx, HexFormat.of().formatHex(digest.digest()));
                case "/trailers" -> {
                    ctx.write(new DefaultHttp2HeadersFrame(status200()));
                    ctx.write(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8)));
                    ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().add("grpc-status", "0"), true));
                }
                case "/trailers-only" -> ctx.writeAndFlush(new DefaultHttp2HeadersFrame(status200()
                        .add("content-type", "application/grpc").add("grpc-status", "14"), true));
                case "/refuse" -> ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
                case "/goaway" -> {
                    Channel connection = stream.parent();
                    Http2FrameCodec codec = connection.pipeline().get(Http2FrameCodec.class);
                    ConcurrentSkipListSet<Integer> ids = heldIds.get(connection);
                    int last = ids == null || ids.isEmpty() ? stream.stream().id() : ids.first();
                    codec.goAway(connection.pipeline().context(codec), last, Http2Error.NO_ERROR.code(),
                            Unpooled.EMPTY_BUFFER, connection.newPromise());
                    connection.flush();
                    if (last >= stream.stream().id()) {
                        respond(ctx, "going away");
                    }
                }
                default -> respond(ctx, "ok");
            }
        }

        private void respond(ChannelHandlerContext ctx, String body) {
            ctx.write(new DefaultHttp2HeadersFrame(status200()));
            ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), true));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
