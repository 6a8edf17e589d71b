package io.banyan.sidecar.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ProtocolDetectorTest {

    private static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    private final List<String> installed = new ArrayList<>();
    private final Recorder recorder = new Recorder();
    private final ReadCounter reads = new ReadCounter();

    @Test
    void thePrefaceInstallsHttp2AndHandsOnEveryByte() throws Exception {
        EmbeddedChannel channel = channel();

        channel.writeInbound(ascii(PREFACE + "rest"));

        assertThat(installed).containsExactly("h2");
        assertThat(recorder.active).isTrue();
        assertThat(recorder.received()).isEqualTo(PREFACE + "rest");
        assertThat(channel.pipeline().get(ProtocolDetector.class)).isNull();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void anHttp1RequestInstallsHttp1AtTheFirstByteThatDiffers() throws Exception {
        EmbeddedChannel channel = channel();

        channel.writeInbound(ascii("GE"));

        assertThat(installed).containsExactly("h1");
        assertThat(recorder.received()).isEqualTo("GE");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aPartialPrefaceWaitsAndAsksForMore() throws Exception {
        EmbeddedChannel channel = channel();
        int readsBefore = reads.count;

        channel.writeInbound(ascii("PRI * HTTP/2"));

        assertThat(installed).isEmpty();
        assertThat(reads.count).isGreaterThan(readsBefore); // auto-read is off: the detector reads on
        channel.writeInbound(ascii(".0\r\n\r\nSM\r\n\r\n"));
        assertThat(installed).containsExactly("h2");
        assertThat(recorder.received()).isEqualTo(PREFACE);
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aPrefaceThatGoesWrongLateIsHttp1() throws Exception {
        EmbeddedChannel channel = channel();

        channel.writeInbound(ascii("PRI * HTTP/1.1\r\n"));

        assertThat(installed).containsExactly("h1");
        assertThat(recorder.received()).isEqualTo("PRI * HTTP/1.1\r\n");
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void aStalledPartialPrefaceIsClosedAfterTheTimeout() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(reads, new ProtocolDetector(Duration.ofSeconds(10), install("h1"), install("h2")));
        channel.register();

        channel.writeInbound(ascii("PRI"));
        channel.advanceTimeBy(Duration.ofSeconds(11).toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isOpen()).isFalse();
        assertThat(installed).isEmpty();
        assertFalse(channel.finishAndReleaseAll());
    }

    private EmbeddedChannel channel() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(reads, new ProtocolDetector(Duration.ofSeconds(10), install("h1"), install("h2")));
        channel.register();
        return channel;
    }

    private Consumer<Channel> install(String name) {
        return channel -> {
            installed.add(name);
            channel.pipeline().addLast(recorder);
        };
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    /** Stands for the protocol's handlers: keeps what reaches it, released. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        private final StringBuilder bytes = new StringBuilder();
        private boolean active;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            active = true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            bytes.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }

        String received() {
            return bytes.toString();
        }
    }

    /** Counts read requests reaching the head. */
    private static final class ReadCounter extends ChannelOutboundHandlerAdapter {
        private int count;

        @Override
        public void read(ChannelHandlerContext ctx) {
            count++;
            ctx.read();
        }
    }
}
