package io.banyan.sidecar.listener;

import io.banyan.testkit.upstream.LoopbackServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedStream;
import io.netty.handler.stream.ChunkedWriteHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on 127.0.0.1 port 0 standing for an app instance. It counts accepted connections
 * and requests; {@code POST /sha256} hashes the streamed upload, {@code GET /bytes/N} streams N pattern
 * bytes, {@code /reset} closes the connection without answering, {@code /slow} never answers,
 * {@code /partial} sends a head and 10 of 1000 bytes then closes, {@code /stall} does the same but stays
 * open; {@code /once} answers only the first request of a connection and closes on the next (a
 * keep-alive connection gone stale); anything else answers the server's name, echoing the request's
 * {@code x-banyan-peer-identity} and {@code x-banyan-error} as {@code x-upstream-peer-identity} and
 * {@code x-upstream-error-header}, and {@code x-forwarded-proto}, {@code x-forwarded-host} and {@code forwarded} as
 * {@code x-upstream-forwarded-proto}, {@code -host} and {@code x-upstream-forwarded} ({@code -} when absent).
 */
final class TestUpstream implements AutoCloseable {

    private final String name;
    private final LoopbackServer server;
    private final AtomicInteger requests = new AtomicInteger();

    TestUpstream(String name) {
        this.name = name;
        this.server = LoopbackServer.start(channel ->
                channel.pipeline().addLast(new HttpServerCodec(), new ChunkedWriteHandler(), new Handler()));
    }

    int port() {
        return server.port();
    }

    String name() {
        return name;
    }

    int connections() {
        return server.connections();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.close();
    }

    private final class Handler extends SimpleChannelInboundHandler<HttpObject> {

        private HttpRequest request;
        private MessageDigest digest;
        private int requestsOnConnection;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest head) {
                request = head;
                requests.incrementAndGet();
                digest = PatternBytes.sha256();
                requestsOnConnection++;
                if (head.uri().startsWith("/reset") || head.uri().startsWith("/once") && requestsOnConnection > 1) {
                    ctx.close();
                    return;
                }
            }
            if (msg instanceof HttpContent content) {
                digest.update(content.content().nioBuffer());
                if (content instanceof LastHttpContent) {
                    respond(ctx);
                }
            }
        }

        private void respond(ChannelHandlerContext ctx) {
            String uri = request.uri();
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (uri.startsWith("/slow")) {
                return;
            }
            if (uri.startsWith("/partial") || uri.startsWith("/stall")) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                HttpUtil.setContentLength(head, 1000);
                ctx.write(head);
                var write = ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[10])));
                if (uri.startsWith("/partial")) {
                    write.addListener(ChannelFutureListener.CLOSE);
                }
                return;
            }
            if (uri.startsWith("/bytes/")) {
                long size = Long.parseLong(uri.substring("/bytes/".length()));
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                HttpUtil.setContentLength(head, size);
                ctx.write(head);
                ctx.writeAndFlush(new HttpChunkedInput(new ChunkedStream(new PatternBytes(size), 16 * 1024)));
                return;
            }
            String body = uri.startsWith("/sha256") ? HexFormat.of().formatHex(digest.digest()) : name;
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            response.headers().set("x-upstream-connection", request.headers().get(HttpHeaderNames.CONNECTION, "-"));
            response.headers().set("x-upstream-peer-identity", request.headers().get("x-banyan-peer-identity", "-"));
            response.headers().set("x-upstream-error-header", request.headers().get("x-banyan-error", "-"));
            response.headers().set("x-upstream-forwarded-proto", request.headers().get("x-forwarded-proto", "-"));
            response.headers().set("x-upstream-forwarded-host", request.headers().get("x-forwarded-host", "-"));
            response.headers().set("x-upstream-forwarded", request.headers().get("forwarded", "-"));
            HttpUtil.setContentLength(response, response.content().readableBytes());
            HttpUtil.setKeepAlive(response, keepAlive);
            var write = ctx.writeAndFlush(response);
            if (!keepAlive) {
                write.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
