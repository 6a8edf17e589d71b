package io.banyan.controlplane.replica;

import io.banyan.controlplane.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A write to the store repeated every interval on its own daemon thread (a replica sharing what it received): a round
 * the store refuses (unavailable) is skipped with a DEBUG line, the next one tries again.
 */
public final class Periodic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Periodic.class);

    private final ScheduledExecutorService timer;

    private Periodic(String thread) {
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread daemon = new Thread(runnable, thread);
            daemon.setDaemon(true);
            return daemon;
        });
    }

    /** Runs {@code round} every {@code interval} on thread {@code thread}, {@code what} naming it in log lines. */
    public static Periodic every(Duration interval, String thread, String what, Runnable round) {
        Periodic periodic = new Periodic(thread);
        long millis = Math.max(1, interval.toMillis());
        periodic.timer.scheduleWithFixedDelay(() -> {
            try {
                round.run();
            } catch (StoreException e) {
                log.debug("{} skipped this round: {}", what, e.getMessage());
            } catch (RuntimeException e) {
                log.warn("{} failed", what, e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return periodic;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
