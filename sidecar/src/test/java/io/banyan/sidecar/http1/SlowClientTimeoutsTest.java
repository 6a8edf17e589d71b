package io.banyan.sidecar.http1;

import io.banyan.sidecar.observe.EarlyAnswers;
import io.banyan.dataplane.config.Http1Limits;
import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The embedded loop's clock moves by hand: no sleeping. */
class SlowClientTimeoutsTest {

    private static final Http1Limits LIMITS = Http1Limits.DEFAULT.withTimeouts(
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private EmbeddedChannel channel;

    private EmbeddedChannel channel() {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(new HttpServerCodec(Http1Guards.decoderConfig(LIMITS)),
                new SlowClientTimeouts(LIMITS, new Http1Meters(registry, "test"), EarlyAnswers.NONE),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                    }
                });
        return channel;
    }

    private void advance(Duration by) {
        channel.advanceTimeBy(by.toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
    }

    private void send(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.US_ASCII));
    }

    private String written() {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return out.toString();
    }

    private double timeouts(String kind) {
        return registry.get(MetricNames.DOWNSTREAM_TIMEOUTS).tags("listener", "test", "timeout", kind).counter().count();
    }

    @Test
    void unfinishedHeadIsAnswered408AfterTheHeadersTimeout() {
        channel();
        send("GET / HTTP/1.1\r\nHo");
        advance(Duration.ofSeconds(9));
        assertThat(channel.isOpen()).isTrue();

        advance(Duration.ofSeconds(1));

        assertThat(written()).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("x-banyan-error: request_timeout");
        assertThat(channel.isOpen()).isFalse();
        assertThat(timeouts("request_headers")).isEqualTo(1.0);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void bodyThatKeepsMovingLivesAndOneThatStallsIsCut() {
        channel();
        send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nab");
        advance(Duration.ofSeconds(20));
        send("cd");
        advance(Duration.ofSeconds(20));
        assertThat(channel.isOpen()).isTrue();

        advance(Duration.ofSeconds(10));

        assertThat(written()).startsWith("HTTP/1.1 408 Request Timeout\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(timeouts("request_body")).isEqualTo(1.0);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void quietConnectionIsClosedAfterTheIdleTimeoutAndNotWhileWaitingForItsResponse() {
        channel();
        send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        advance(Duration.ofSeconds(120)); // the response is the route timeout's business
        assertThat(channel.isOpen()).isTrue();

        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        channel.writeOutbound(response);
        assertThat(written()).startsWith("HTTP/1.1 200 OK");
        advance(Duration.ofSeconds(59));
        assertThat(channel.isOpen()).isTrue();

        advance(Duration.ofSeconds(1));

        assertThat(written()).isEmpty();
        assertThat(channel.isOpen()).isFalse();
        assertThat(timeouts("idle")).isEqualTo(1.0);
        assertFalse(channel.finishAndReleaseAll());
    }

    /**
     * The protocol detector hands the first bytes on with a read-complete of its own, and the socket's read then ends
     * with another: that second one carries no message, and must not start the head's clock for a request that was
     * whole and waits for its answer (it cut a slow upstream's first answer on every new connection).
     */
    @Test
    void aReadCompleteWithoutBytesWhileTheAnswerIsAwaitedStartsNoHeadClock() {
        channel();
        send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        channel.pipeline().fireChannelReadComplete();
        advance(Duration.ofSeconds(120));

        assertThat(channel.isOpen()).isTrue();
        assertThat(timeouts("request_headers")).isZero();
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        channel.writeOutbound(response);
        assertThat(written()).startsWith("HTTP/1.1 200 OK");
        send("GET / HT"); // a head begun after the answer is timed again
        advance(Duration.ofSeconds(10));
        assertThat(written()).startsWith("HTTP/1.1 408 ");
        assertThat(timeouts("request_headers")).isEqualTo(1.0);
        assertFalse(channel.finishAndReleaseAll());
    }
}
