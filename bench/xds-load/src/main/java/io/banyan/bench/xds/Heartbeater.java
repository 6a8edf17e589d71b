package io.banyan.bench.xds;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Heartbeats every registered instance over REST, round-robin, paced at a rate that reaches each within a third of
 * its TTL (as a sidecar's registration agent does), on a thread of its own until {@link #stop}.
 */
public final class Heartbeater implements AutoCloseable {

    private final List<InstanceBook.Entry> entries;
    private final AdminClient admin;
    private final double perSecond;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;

    public Heartbeater(InstanceBook book, AdminClient admin, double perSecond) {
        this.entries = Objects.requireNonNull(book, "book").all();
        this.admin = Objects.requireNonNull(admin, "admin");
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: > 0)");
        }
        this.perSecond = perSecond;
        this.thread = new Thread(this::run, "heartbeats");
        this.thread.setDaemon(true);
    }

    public Heartbeater start() {
        thread.start();
        return this;
    }

    private void run() {
        long interval = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        long next = System.nanoTime();
        int index = 0;
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            next += interval;
            InstanceBook.Entry entry = entries.get(index);
            index = (index + 1) % entries.size();
            entry.id().ifPresent(id -> {
                sent.increment();
                admin.heartbeat(id).whenComplete((answer, failure) -> {
                    if (failure != null) {
                        failed.increment();
                    }
                });
            });
        }
    }

    public long sent() {
        return sent.sum();
    }

    /** Heartbeats answered with an error (a 404 for an instance deregistered meanwhile among them). */
    public long failed() {
        return failed.sum();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
