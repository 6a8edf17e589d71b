package io.banyan.sidecar.tcp;

import io.banyan.sidecar.core.DrainEvent;
import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A relaying session's end, on the downstream channel's clock: the idle timeout closes a silent session both ways and
 * any byte either way pushes it back; a drain closes a quiet session at once, a busy one once it goes quiet, and at the
 * latest when the grace period ends.
 */
class SessionLifetimeTest {

    private static final String LISTENER = "inbound|15006";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TcpMetrics.Meters meters = new TcpMetrics(registry).of(LISTENER, "inbound|7000");
    private final EmbeddedChannel downstream = new EmbeddedChannel();
    private final EmbeddedChannel upstream = new EmbeddedChannel();
    private final TcpSession session = new TcpSession(downstream);

    private void relaying(Duration idleTimeout) {
        downstream.freezeTime();
        session.attempting(upstream);
        session.relaying();
        downstream.pipeline().addLast(SessionLifetime.NAME, new SessionLifetime(session, idleTimeout,
                DrainTiming.DEFAULT, meters));
    }

    @AfterEach
    void noLeaks() {
        assertFalse(downstream.finishAndReleaseAll());
        assertFalse(upstream.finishAndReleaseAll());
    }

    private void advance(Duration by) {
        downstream.advanceTimeBy(by.toNanos(), TimeUnit.NANOSECONDS);
        downstream.runScheduledPendingTasks();
        downstream.runPendingTasks();
    }

    /** A byte from the caller, as the relay would get it (released here: no relay in this pipeline). */
    private void callerSends() {
        downstream.writeInbound(Unpooled.copiedBuffer("q", StandardCharsets.US_ASCII));
        ((ByteBuf) downstream.readInbound()).release();
    }

    /** A byte from the app, written to the caller. */
    private void appAnswers() {
        downstream.writeOutbound(Unpooled.copiedBuffer("a", StandardCharsets.US_ASCII));
        ((ByteBuf) downstream.readOutbound()).release();
    }

    private double idleTimeouts() {
        return registry.get(MetricNames.DOWNSTREAM_TIMEOUTS).tags("listener", LISTENER, "timeout", "idle").counter()
                .count();
    }

    private double drained() {
        return registry.get(MetricNames.TCP_CONNECTIONS_DRAINED).tags("listener", LISTENER).counter().count();
    }

    private void assertOpen() {
        assertThat(downstream.isActive()).as("downstream open").isTrue();
        assertThat(upstream.isActive()).as("upstream open").isTrue();
    }

    private void assertClosedBothWays() {
        assertThat(downstream.isActive()).as("downstream open").isFalse();
        assertThat(upstream.isActive()).as("upstream open").isFalse();
    }

    @Test
    void aSilentSessionIsClosedBothWaysWhenTheIdleTimeoutEnds() {
        relaying(Duration.ofMinutes(10));

        advance(Duration.ofMinutes(10).minusMillis(1));
        assertOpen();

        advance(Duration.ofMillis(1));
        assertClosedBothWays();
        assertThat(idleTimeouts()).isEqualTo(1);
        assertThat(drained()).isZero();
    }

    @Test
    void aByteEitherWayPushesTheIdleTimeoutBack() {
        relaying(Duration.ofMinutes(10));

        advance(Duration.ofMinutes(9));
        callerSends();
        advance(Duration.ofMinutes(9));
        appAnswers();
        advance(Duration.ofMinutes(9));
        assertOpen();

        advance(Duration.ofMinutes(1));
        assertClosedBothWays();
        assertThat(idleTimeouts()).isEqualTo(1);
    }

    @Test
    void aZeroIdleTimeoutNeverClosesTheSession() {
        relaying(Duration.ZERO);

        advance(Duration.ofDays(2));

        assertOpen();
        assertThat(idleTimeouts()).isZero();
        downstream.close();
    }

    @Test
    void aDrainClosesAQuietSessionAtOnce() {
        relaying(Duration.ofHours(1));
        advance(DrainTiming.DEFAULT_QUIET);

        downstream.pipeline().fireUserEventTriggered(new DrainEvent());
        downstream.runPendingTasks();

        assertClosedBothWays();
        assertThat(drained()).isEqualTo(1);
        assertThat(idleTimeouts()).isZero();
    }

    @Test
    void aDrainLetsABusySessionGoOnUntilItIsQuiet() {
        relaying(Duration.ofHours(1));
        appAnswers();

        downstream.pipeline().fireUserEventTriggered(new DrainEvent());
        advance(Duration.ofMillis(600));
        callerSends();
        advance(Duration.ofMillis(600));
        assertOpen();

        advance(Duration.ofMillis(400));
        assertClosedBothWays();
        assertThat(drained()).isEqualTo(1);
    }

    @Test
    void aDrainClosesASessionThatNeverGoesQuietWhenTheGraceEnds() {
        relaying(Duration.ofHours(1));

        downstream.pipeline().fireUserEventTriggered(new DrainEvent());
        Duration elapsed = Duration.ZERO;
        while (elapsed.compareTo(DrainTiming.DEFAULT_GRACE.minusMillis(500)) < 0) {
            callerSends();
            advance(Duration.ofMillis(500));
            elapsed = elapsed.plusMillis(500);
        }
        assertOpen();

        callerSends();
        advance(Duration.ofMillis(500));
        assertClosedBothWays();
        assertThat(drained()).isEqualTo(1);
    }
}
