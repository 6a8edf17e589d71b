package io.banyan.sidecar.listener;

import io.banyan.testkit.upstream.LoopbackServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An app on 127.0.0.1 port 0 answering JSON: for each request target, the status and body {@code script} gives
 * ({@code application/json}), or (a null answer) nothing at all, the request held with its connection open.
 */
final class JsonApp implements AutoCloseable {

    /** What the app answers to one request target; null: it holds the request. */
    record Answer(int status, String body) {
    }

    private final LoopbackServer server;
    private final AtomicInteger requests = new AtomicInteger();

    JsonApp(Function<String, Answer> script) {
        this.server = LoopbackServer.start(channel -> channel.pipeline()
                .addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Handler(script)));
    }

    int port() {
        return server.port();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.close();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final Function<String, Answer> script;

        Handler(Function<String, Answer> script) {
            this.script = script;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            requests.incrementAndGet();
            Answer answer = script.apply(request.uri());
            if (answer == null) {
                return; // held while the server runs
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(answer.status()),
                    Unpooled.copiedBuffer(answer.body(), StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response);
        }
    }
}
