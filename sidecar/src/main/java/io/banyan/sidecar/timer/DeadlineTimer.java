package io.banyan.sidecar.timer;

import io.netty.channel.EventLoop;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's timer, re-armed rather than scheduled per request: the route timeout of the request in flight,
 * the slow-client clocks of a downstream connection, the idle timeout of a pooled upstream connection. Deadlines
 * on a keep-alive connection come one after the other, each further out than the task already scheduled, so that
 * task just re-arms itself for the current deadline when it fires; only a nearer deadline reschedules it. Saves a
 * scheduled task and a cancel per request on the event loop. Event-loop confined.
 */
public final class DeadlineTimer implements Runnable {

    private final EventLoop loop;
    private ScheduledFuture<?> task;
    private long taskAtNanos;
    private Runnable expiry;
    private long deadlineNanos;

    public DeadlineTimer(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code onExpiry} once {@code remainingNanos} have passed, unless disarmed first; replaces any armed one. */
    public void arm(Runnable onExpiry, long remainingNanos) {
        long now = loop.ticker().nanoTime();
        expiry = onExpiry;
        deadlineNanos = now + remainingNanos;
        if (task == null || taskAtNanos - deadlineNanos > 0) {
            schedule(now);
        }
    }

    /** Forgets {@code onExpiry} if it is the armed one; the scheduled task stays for the next request. */
    public void disarm(Runnable onExpiry) {
        if (expiry == onExpiry) {
            expiry = null;
        }
    }

    /** The connection closed: nothing fires any more. */
    public void close() {
        expiry = null;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    @Override
    public void run() {
        task = null;
        Runnable armed = expiry;
        if (armed == null) {
            return;
        }
        long now = loop.ticker().nanoTime();
        if (now - deadlineNanos >= 0) {
            expiry = null;
            armed.run();
        } else {
            schedule(now);
        }
    }

    private void schedule(long now) {
        if (task != null) {
            task.cancel(false);
        }
        taskAtNanos = deadlineNanos;
        task = loop.schedule(this, deadlineNanos - now, TimeUnit.NANOSECONDS);
    }
}
