package io.banyan.sidecar.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The first handler of a plaintext connection (auto-read off): reads until the first bytes tell HTTP/2 with prior
 * knowledge (the client preface {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}) from anything else, which is HTTP/1.1;
 * installs that protocol's handlers behind itself, tells them the channel is active, and leaves, handing on the bytes
 * it read. {@code Upgrade: h2c} is not offered (Envoy does not either). A client that sends part of the preface and
 * stops is closed after {@code timeout}.
 */
public final class ProtocolDetector extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(ProtocolDetector.class);
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Consumer<Channel> http1;
    private final Consumer<Channel> http2;
    private final long timeoutNanos;
    private ScheduledFuture<?> timer;

    /** {@code http1} and {@code http2} add their handlers at the end of the channel's pipeline. */
    public ProtocolDetector(Duration timeout, Consumer<Channel> http1, Consumer<Channel> http2) {
        this.timeoutNanos = Objects.requireNonNull(timeout, "timeout").toNanos();
        this.http1 = Objects.requireNonNull(http1, "http1");
        this.http2 = Objects.requireNonNull(http2, "http2");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read(); // the decision waits for the first bytes; who comes next reads for itself
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < length; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                install(ctx, http1);
                return;
            }
        }
        if (length == PREFACE.length) {
            install(ctx, http2);
        } else if (timer == null && timeoutNanos > 0) {
            timer = ctx.executor().schedule(() -> {
                ctx.close(); // a partial preface, then silence
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void install(ChannelHandlerContext ctx, Consumer<Channel> protocol) {
        cancelTimer();
        protocol.accept(ctx.channel());
        ctx.fireChannelActive();
        ctx.pipeline().remove(this); // the bytes read so far go on to the new handlers
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("protocol detection on {} failed", ctx.channel(), cause);
        ctx.close();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.channelInactive(ctx);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
