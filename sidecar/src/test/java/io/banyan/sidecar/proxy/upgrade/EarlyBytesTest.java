package io.banyan.sidecar.proxy.upgrade;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

class EarlyBytesTest {

    /** Counts read completions that get past the holder. */
    private static final class ReadCompletions extends ChannelInboundHandlerAdapter {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            count.incrementAndGet();
            ctx.fireChannelReadComplete();
        }
    }

    @Test
    void holdsBytesUntilRemovedThenHandsThemOnInOrder() {
        EarlyBytes early = new EarlyBytes();
        ReadCompletions completions = new ReadCompletions();
        EmbeddedChannel channel = new EmbeddedChannel(early, completions);

        channel.writeInbound(Unpooled.copiedBuffer("ab", StandardCharsets.US_ASCII),
                Unpooled.copiedBuffer("cd", StandardCharsets.US_ASCII));

        assertThat((Object) channel.readInbound()).isNull();
        assertThat(completions.count).hasValue(0); // the HTTP timeouts behind never see bytes without a request
        assertThat(early.isEmpty()).isFalse();

        channel.pipeline().remove(early);

        ByteBuf first = channel.readInbound();
        ByteBuf second = channel.readInbound();
        assertThat(first.toString(StandardCharsets.US_ASCII)).isEqualTo("ab");
        assertThat(second.toString(StandardCharsets.US_ASCII)).isEqualTo("cd");
        assertThat(completions.count).hasValue(1);
        first.release();
        second.release();
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    void releasesWhatItHoldsWhenTheConnectionCloses() {
        EarlyBytes early = new EarlyBytes();
        EmbeddedChannel channel = new EmbeddedChannel(early);
        ByteBuf held = Unpooled.copiedBuffer("early", StandardCharsets.US_ASCII);
        channel.writeInbound(held);

        channel.close();

        assertThat(held.refCnt()).isZero();
        assertThat(early.isEmpty()).isTrue();
        assertFalse(channel.finishAndReleaseAll());
    }
}
