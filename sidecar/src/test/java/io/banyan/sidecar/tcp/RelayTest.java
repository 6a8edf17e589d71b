package io.banyan.sidecar.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The relay between two embedded channels: bytes and their count, closes, and attempts that are not the upstream. */
class RelayTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Counter toUpstream = registry.counter("to_upstream");
    private final Counter toDownstream = registry.counter("to_downstream");
    private final EmbeddedChannel downstream = new EmbeddedChannel();
    private final EmbeddedChannel upstream = new EmbeddedChannel();
    private final TcpSession session = new TcpSession(downstream);

    private void relayBothWays() {
        session.attempting(upstream);
        session.relaying();
        downstream.pipeline().addLast(new Relay(session, toUpstream));
        upstream.pipeline().addLast(new Relay(session, toDownstream));
    }

    /** Closes a channel and drops the empty buffers a relay flushes before closing its peer. */
    private static EmbeddedChannel closed(EmbeddedChannel channel) {
        channel.close();
        channel.runPendingTasks();
        for (Object msg = channel.readOutbound(); msg != null; msg = channel.readOutbound()) {
            assertThat(((ByteBuf) msg).isReadable()).as("only empty flushes are left").isFalse();
            ((ByteBuf) msg).release();
        }
        return channel;
    }

    private static String text(ByteBuf buf) {
        try {
            return buf.toString(StandardCharsets.US_ASCII);
        } finally {
            buf.release();
        }
    }

    @Test
    void bytesGoBothWaysAndAreCounted() {
        relayBothWays();

        downstream.writeInbound(Unpooled.copiedBuffer("request", StandardCharsets.US_ASCII));
        upstream.writeInbound(Unpooled.copiedBuffer("answer!!", StandardCharsets.US_ASCII));

        assertThat(text(upstream.readOutbound())).isEqualTo("request");
        assertThat(text(downstream.readOutbound())).isEqualTo("answer!!");
        assertThat(toUpstream.count()).isEqualTo(7);
        assertThat(toDownstream.count()).isEqualTo(8);
        assertFalse(closed(downstream).finishAndReleaseAll());
        assertFalse(closed(upstream).finishAndReleaseAll());
    }

    @Test
    void theUpstreamClosingClosesTheDownstream() {
        relayBothWays();

        upstream.close();
        downstream.runPendingTasks();

        assertThat(downstream.isOpen()).isFalse();
        assertFalse(closed(downstream).finishAndReleaseAll());
        assertFalse(closed(upstream).finishAndReleaseAll());
    }

    @Test
    void aFailedAttemptThatIsNoLongerTheUpstreamLeavesTheDownstreamOpen() {
        EmbeddedChannel failedAttempt = new EmbeddedChannel();
        failedAttempt.pipeline().addLast(new Relay(session, toDownstream));
        session.attempting(failedAttempt);
        session.attempting(upstream); // the dialer moved on to another endpoint

        failedAttempt.close();
        downstream.runPendingTasks();

        assertThat(downstream.isOpen()).isTrue();
        assertThat(toDownstream.count()).isZero();
        assertFalse(closed(failedAttempt).finishAndReleaseAll());
        assertFalse(closed(downstream).finishAndReleaseAll());
        assertFalse(closed(upstream).finishAndReleaseAll());
    }

    @Test
    void bytesWithNoUpstreamToRelayToAreReleasedAndBothSidesClose() {
        session.attempting(upstream); // connecting, not relaying yet
        downstream.pipeline().addLast(new Relay(session, toUpstream));
        ByteBuf early = Unpooled.copiedBuffer("early", StandardCharsets.US_ASCII);

        downstream.writeInbound(early);

        assertThat(early.refCnt()).isZero();
        assertThat(toUpstream.count()).isZero();
        assertThat(downstream.isOpen()).isFalse();
        assertThat(upstream.isOpen()).isFalse();
        assertFalse(closed(downstream).finishAndReleaseAll());
        assertFalse(closed(upstream).finishAndReleaseAll());
    }
}
