package io.banyan.controlplane.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@link Registry#sweep()} every {@code interval} on its own daemon thread, so TTL expiry is
 * published (as a new snapshot) within one interval even when nobody reads the registry.
 */
public final class TtlSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TtlSweeper.class);

    private final Registry registry;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "banyan-ttl-sweeper");
        t.setDaemon(true);
        return t;
    });

    public TtlSweeper(Registry registry, Duration interval) {
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

    private void sweepOnce() {
        try {
            registry.sweep();
        } catch (RuntimeException e) {
            log.warn("TTL sweep failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
