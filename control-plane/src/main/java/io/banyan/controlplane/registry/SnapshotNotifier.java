package io.banyan.controlplane.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Delivers snapshots to listeners in submission order on one daemon thread, so listeners never run
 * on a caller's thread or under the registry's lock. A failing listener is logged and skipped.
 */
final class SnapshotNotifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotNotifier.class);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "banyan-registry-notifier");
        t.setDaemon(true);
        return t;
    });

    /** Queues {@code snapshot} for {@code listeners}; returns at once. */
    void publish(RegistrySnapshot snapshot, List<RegistryListener> listeners) {
        if (listeners.isEmpty() || thread.isShutdown()) {
            return;
        }
        thread.execute(() -> {
            for (RegistryListener listener : listeners) {
                try {
                    listener.onChange(snapshot);
                } catch (RuntimeException e) {
                    log.warn("registry listener {} failed on revision {}", listener, snapshot.revision(), e);
                }
            }
        });
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
