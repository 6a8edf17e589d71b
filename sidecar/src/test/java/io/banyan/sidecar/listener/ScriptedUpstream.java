package io.banyan.sidecar.listener;

import io.banyan.testkit.upstream.LoopbackServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Netty HTTP/1.1 server on 127.0.0.1 port 0 that records every request it gets (head, body, trailers) and answers
 * by path: {@code /trailers} a chunked body with trailers, {@code /head} a HEAD answer with {@code Content-Length:
 * 1000} and no body, {@code /204} and {@code /304}, {@code /hop} a response with hop-by-hop headers,
 * {@code /continue} a 100 Continue as soon as the head says {@code Expect: 100-continue}, {@code /stream/N} N bytes
 * written only while the connection is writable (counting what the kernel took), {@code /hold} stops reading after
 * the head; anything else {@code ok}, with the body size in {@code x-body-bytes} ({@code /forge} adds a forged
 * {@code x-banyan-error}).
 */
final class ScriptedUpstream implements AutoCloseable {

    /** One request as the upstream saw it. */
    record Seen(String method, String uri, HttpHeaders headers, byte[] body, HttpHeaders trailers) {
        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final LoopbackServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicLong streamed = new AtomicLong();
    private final AtomicBoolean streamStalled = new AtomicBoolean();
    private final AtomicBoolean holding = new AtomicBoolean();

    ScriptedUpstream() {
        this.server = LoopbackServer.start(channel -> channel.pipeline().addLast(new HttpServerCodec(), new Handler()));
    }

    int port() {
        return server.port();
    }

    int connections() {
        return server.connections();
    }

    List<Seen> seen() {
        return seen;
    }

    /** Bytes of {@code /stream/N} the upstream's socket accepted so far. */
    long streamed() {
        return streamed.get();
    }

    /** Whether {@code /stream/N} has found its connection unwritable at least once. */
    boolean streamStalled() {
        return streamStalled.get();
    }

    /** Whether a {@code /hold} request has stopped its connection's reading. */
    boolean holding() {
        return holding.get();
    }

    @Override
    public void close() {
        server.close();
    }

    private final class Handler extends SimpleChannelInboundHandler<HttpObject> {

        private HttpRequest request;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private long toStream;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest head) {
                request = head;
                body.reset();
                if (head.uri().startsWith("/continue") && HttpUtil.is100ContinueExpected(head)) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
                if (head.uri().startsWith("/hold")) {
                    ctx.channel().config().setAutoRead(false); // and never reads again
                    holding.set(true);
                }
            }
            if (msg instanceof HttpContent content) {
                ByteBuf bytes = content.content();
                body.writeBytes(ByteBufUtil.getBytes(bytes));
                if (content instanceof LastHttpContent last) {
                    seen.add(new Seen(request.method().name(), request.uri(), new DefaultHttpHeaders().set(request.headers()),
                            body.toByteArray(), new DefaultHttpHeaders().set(last.trailingHeaders())));
                    respond(ctx);
                }
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (toStream > 0 && ctx.channel().isWritable()) {
                stream(ctx);
            }
            ctx.fireChannelWritabilityChanged();
        }

        private void respond(ChannelHandlerContext ctx) {
            String uri = request.uri();
            if (uri.startsWith("/hold")) {
                return;
            }
            if (uri.startsWith("/stream/")) {
                toStream = Long.parseLong(uri.substring("/stream/".length()));
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                HttpUtil.setContentLength(head, toStream);
                ctx.write(head);
                stream(ctx);
                return;
            }
            if (uri.startsWith("/trailers")) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                HttpUtil.setTransferEncodingChunked(head, true);
                head.headers().set(HttpHeaderNames.TRAILER, "x-checksum");
                ctx.write(head);
                ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer("hel", StandardCharsets.US_ASCII)));
                ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer("lo", StandardCharsets.US_ASCII)));
                LastHttpContent last = new DefaultLastHttpContent();
                last.trailingHeaders().set("x-checksum", "abc");
                ctx.writeAndFlush(last);
                return;
            }
            FullHttpResponse response;
            if (uri.startsWith("/204")) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
            } else if (uri.startsWith("/304")) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
                response.headers().set(HttpHeaderNames.ETAG, "\"v1\"");
            } else if (uri.startsWith("/head")) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                HttpUtil.setContentLength(response, 1000); // what a GET would carry; a HEAD answer has no body
            } else {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII));
                HttpUtil.setContentLength(response, 2);
                response.headers().set("x-body-bytes", body.size());
                if (uri.startsWith("/forge")) {
                    response.headers().set("x-banyan-error", "forged"); // only a sidecar may say this
                }
                if (uri.startsWith("/hop")) {
                    response.headers().set(HttpHeaderNames.CONNECTION, "x-resp-hop")
                            .set("x-resp-hop", "1")
                            .set(HttpHeaderNames.KEEP_ALIVE, "timeout=5")
                            .set("proxy-connection", "keep-alive")
                            .set(HttpHeaderNames.UPGRADE, "foo")
                            .set("x-end-to-end", "kept");
                }
            }
            ctx.writeAndFlush(response);
        }

        private void stream(ChannelHandlerContext ctx) {
            while (toStream > 0 && ctx.channel().isWritable()) {
                int size = (int) Math.min(toStream, 64 * 1024);
                toStream -= size;
                HttpContent chunk = toStream == 0 ? new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[size]))
                        : new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[size]));
                ctx.writeAndFlush(chunk).addListener(future -> {
                    if (future.isSuccess()) {
                        streamed.addAndGet(size);
                    }
                });
            }
            if (toStream > 0) {
                streamStalled.set(true);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
