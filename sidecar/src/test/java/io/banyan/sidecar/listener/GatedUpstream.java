package io.banyan.sidecar.listener;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on 127.0.0.1 port 0 whose answers the test controls: {@code /hold} answers "held" only
 * once {@link #release()} is called; {@code /flaky} answers 503 to its first request and "ok" to the others;
 * anything else answers "ok". It counts accepted connections, requests and requests held now.
 */
final class GatedUpstream implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger flaky = new AtomicInteger();
    private final CompletableFuture<Void> gate = new CompletableFuture<>();

    GatedUpstream() {
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connections.incrementAndGet();
                        channel.pipeline().addLast(new HttpServerCodec(), new Handler());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    int connections() {
        return connections.get();
    }

    int requests() {
        return requests.get();
    }

    int held() {
        return held.get();
    }

    /** Answers every held request, and those to come. */
    void release() {
        gate.complete(null);
    }

    @Override
    public void close() {
        release();
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<HttpObject> {

        private HttpRequest request;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest head) {
                request = head;
                requests.incrementAndGet();
            }
            if (!(msg instanceof LastHttpContent)) {
                return;
            }
            String uri = request.uri();
            if (uri.startsWith("/hold")) {
                held.incrementAndGet();
                gate.thenRun(() -> ctx.executor().execute(() -> {
                    held.decrementAndGet();
                    respond(ctx, HttpResponseStatus.OK, "held");
                }));
            } else if (uri.startsWith("/flaky") && flaky.getAndIncrement() == 0) {
                respond(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "not yet");
            } else {
                respond(ctx, HttpResponseStatus.OK, "ok");
            }
        }

        private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            HttpUtil.setContentLength(response, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }
    }
}
