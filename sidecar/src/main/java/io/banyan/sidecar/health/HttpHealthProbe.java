package io.banyan.sidecar.health;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Probes with an HTTP/1.1 GET on a fresh connection ({@code connection: close}): any 2xx is a success; another
 * status, an error or no response head within the timeout a failure. Runs on Netty (given the data plane's event
 * loop group and channel type, on them) with unpooled buffers: no JDK HttpClient, whose ~240 classes and four
 * threads a sidecar would otherwise carry for one request every two seconds. Never blocks the caller.
 */
public final class HttpHealthProbe implements HealthProbe, AutoCloseable {

    private final HealthCheckConfig config;
    private final Bootstrap bootstrap;
    private final EventLoopGroup ownGroup;
    private final String authority;

    /** On a one-thread event loop of its own, shut down by {@link #close()} (tests, stand-alone checkers). */
    public HttpHealthProbe(HealthCheckConfig config) {
        this(config, null, null);
    }

    /** On {@code group} with sockets of {@code channelType} (the data plane's: {@code EventLoops}); not shut down here. */
    public HttpHealthProbe(HealthCheckConfig config, EventLoopGroup group, Class<? extends Channel> channelType) {
        if ((group == null) != (channelType == null)) {
            throw new IllegalArgumentException("group and channelType: " + group + ", " + channelType
                    + " (expected: both or neither)");
        }
        this.config = Objects.requireNonNull(config, "config");
        this.ownGroup = group == null
                ? new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("banyan-health-probe", true),
                        NioIoHandler.newFactory())
                : null;
        this.authority = (config.host().contains(":") ? "[" + config.host() + "]" : config.host()) + ":" + config.port();
        this.bootstrap = new Bootstrap()
                .group(group != null ? group : ownGroup)
                .channel(channelType != null ? channelType : NioSocketChannel.class)
                .option(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(config.timeout().toMillis(), Integer.MAX_VALUE));
    }

    @Override
    public CompletableFuture<ProbeResult> probe() {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        ChannelFuture connect = bootstrap.clone()
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new StatusHandler(result));
                    }
                })
                .connect(config.host(), config.port());
        Channel channel = connect.channel();
        connect.addListener((ChannelFutureListener) connected -> {
            if (!connected.isSuccess()) {
                result.complete(ProbeResult.failure(describe(connected.cause())));
                return;
            }
            connected.channel().writeAndFlush(request()).addListener((ChannelFutureListener) written -> {
                if (!written.isSuccess()) {
                    result.complete(ProbeResult.failure(describe(written.cause())));
                }
            });
        });
        return result
                .completeOnTimeout(ProbeResult.failure("no answer within " + config.timeout()),
                        config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, error) -> channel.close());
    }

    private DefaultFullHttpRequest request() {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, config.path(),
                Unpooled.EMPTY_BUFFER);
        request.headers()
                .set(HttpHeaderNames.HOST, authority)
                .set(HttpHeaderNames.USER_AGENT, "banyan-health-checker")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return request;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Shuts down the event loop of its own, if it has one. */
    @Override
    public void close() {
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Completes the probe with the response head's status; the body (if any) is dropped (and released). */
    private static final class StatusHandler extends SimpleChannelInboundHandler<HttpObject> {

        private final CompletableFuture<ProbeResult> result;

        StatusHandler(CompletableFuture<ProbeResult> result) {
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
            if (message instanceof HttpResponse response) {
                int status = response.status().code();
                result.complete(status >= 200 && status < 300
                        ? ProbeResult.success("status " + status)
                        : ProbeResult.failure("status " + status));
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.complete(ProbeResult.failure("connection closed before a response"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.complete(ProbeResult.failure(describe(cause)));
            ctx.close();
        }
    }
}
