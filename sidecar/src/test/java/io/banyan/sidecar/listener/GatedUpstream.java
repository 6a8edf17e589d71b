package io.banyan.sidecar.listener;

import io.banyan.testkit.upstream.LoopbackServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on 127.0.0.1 port 0 whose answers the test controls: {@code /hold} answers "held" only
 * once {@link #release()} is called; {@code /flaky} answers 503 to its first request and "ok" to the others;
 * anything else answers "ok". It counts accepted connections, requests and requests held now.
 */
final class GatedUpstream implements AutoCloseable {

    private final LoopbackServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger flaky = new AtomicInteger();
    private final CompletableFuture<Void> gate = new CompletableFuture<>();

    GatedUpstream() {
        this.server = LoopbackServer.start(channel -> channel.pipeline().addLast(new HttpServerCodec(), new Handler()));
    }

    int port() {
        return server.port();
    }

    int connections() {
        return server.connections();
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
        server.close();
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
