package io.banyan.controlplane.registry;

import io.banyan.controlplane.store.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@link Registry#sweep()} every {@code interval} on its own daemon thread, so TTL expiry is
 * published (as a new snapshot) within one interval even when nobody reads the registry. With replicas, only the
 * store's leader reaps: a replica that does not lead only judges health ({@link Registry#judge()}).
 */
public final class TtlSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TtlSweeper.class);

    private final Registry registry;
    private final Duration interval;
    private final Leadership leadership;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "banyan-ttl-sweeper");
        t.setDaemon(true);
        return t;
    });

    public TtlSweeper(Registry registry, Duration interval) {
        this(registry, interval, Leadership.ALONE);
    }

    /** Sweeping (reaping) while this replica leads, only judging health otherwise. */
    public TtlSweeper(Registry registry, Duration interval, Leadership leadership) {
        this.leadership = Objects.requireNonNull(leadership, "leadership");
        this.registry = Objects.requireNonNull(registry, "registry");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sweepInterval: " + interval + " (expected: > 0)");
        }
        this.interval = interval;
    }

    /** Starts sweeping; returns this. */
    public TtlSweeper start() {
        long millis = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(this::sweepOnce, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One round: a sweep on the leader, a judgement of health elsewhere (the scheduled task; tests call it). */
    void sweepOnce() {
        try {
            if (leadership.isLeader()) {
                registry.sweep();
            } else {
                registry.judge();
            }
        } catch (RuntimeException e) {
            log.warn("TTL sweep failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
