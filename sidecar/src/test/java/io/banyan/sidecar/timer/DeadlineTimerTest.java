package io.banyan.sidecar.timer;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-connection route-timeout timer, on an embedded event loop whose clock the test moves. */
class DeadlineTimerTest {

    @Test
    void firesForTheArmedRequestOnlyAndOnlyOnceItsDeadlinePassed() {
        EmbeddedChannel channel = new EmbeddedChannel();
        DeadlineTimer timer = new DeadlineTimer(channel.eventLoop());
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        Runnable firstExpiry = first::incrementAndGet;
        Runnable secondExpiry = second::incrementAndGet;

        timer.arm(firstExpiry, TimeUnit.MILLISECONDS.toNanos(100));
        timer.disarm(firstExpiry); // answered in time
        timer.arm(secondExpiry, TimeUnit.MILLISECONDS.toNanos(150)); // later than the task: no new schedule

        channel.advanceTimeBy(120, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks(); // the task fires at 100 ms and re-arms for the second request
        assertThat(first.get()).isZero();
        assertThat(second.get()).isZero();

        channel.advanceTimeBy(60, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(second.get()).isEqualTo(1);
        channel.finishAndReleaseAll();
    }

    @Test
    void aNearerDeadlineReschedulesAndCloseStopsEverything() {
        EmbeddedChannel channel = new EmbeddedChannel();
        DeadlineTimer timer = new DeadlineTimer(channel.eventLoop());
        AtomicInteger fired = new AtomicInteger();
        Runnable far = fired::incrementAndGet;
        Runnable near = () -> fired.addAndGet(10);

        timer.arm(far, TimeUnit.SECONDS.toNanos(10));
        timer.disarm(far);
        timer.arm(near, TimeUnit.MILLISECONDS.toNanos(50));
        channel.advanceTimeBy(60, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(fired.get()).isEqualTo(10);

        timer.arm(far, TimeUnit.MILLISECONDS.toNanos(50));
        timer.close();
        channel.advanceTimeBy(60, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(fired.get()).isEqualTo(10);
        channel.finishAndReleaseAll();
    }
}
