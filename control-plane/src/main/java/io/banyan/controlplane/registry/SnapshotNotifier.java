package io.banyan.controlplane.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Delivers snapshots to listeners on one daemon thread, so listeners never run on a caller's thread or under the
 * registry's lock. Coalescing: only the newest snapshot waits; a listener that is behind (a burst of registrations)
 * skips to it, so each listener sees revisions that only grow and always ends on the newest. A failing listener is
 * logged and skipped.
 */
final class SnapshotNotifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotNotifier.class);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "banyan-registry-notifier");
        t.setDaemon(true);
        return t;
    });

    /** Each listener and the revision it was last given (-1: none yet). Guarded by this. */
    private final Map<RegistryListener, Long> delivered = new LinkedHashMap<>();
    /** The newest snapshot published. Guarded by this. */
    private RegistrySnapshot latest;
    /** Whether a delivery round is queued or running. Guarded by this. */
    private boolean delivering;

    /** Adds {@code listener}; it first gets {@code current} (or a newer one), then the later ones. */
    synchronized void add(RegistryListener listener, RegistrySnapshot current) {
        delivered.put(listener, -1L);
        publish(current);
    }

    synchronized void remove(RegistryListener listener) {
        delivered.remove(listener);
    }

    /** Makes {@code snapshot} the newest (unless a newer one is) and delivers it; returns at once. */
    synchronized void publish(RegistrySnapshot snapshot) {
        if (latest == null || snapshot.revision() >= latest.revision()) {
            latest = snapshot;
        }
        if (!delivering && !thread.isShutdown()) {
            delivering = true;
            thread.execute(this::deliver);
        }
    }

    /** Gives the newest snapshot to every listener that has not had it, until none is behind. */
    private void deliver() {
        while (true) {
            RegistrySnapshot snapshot;
            List<RegistryListener> behind = new ArrayList<>();
            synchronized (this) {
                snapshot = latest;
                delivered.forEach((listener, revision) -> {
                    if (revision < snapshot.revision()) {
                        behind.add(listener);
                    }
                });
                if (behind.isEmpty()) {
                    delivering = false;
                    return;
                }
                behind.forEach(listener -> delivered.replace(listener, snapshot.revision()));
            }
            for (RegistryListener listener : behind) {
                try {
                    listener.onChange(snapshot);
                } catch (RuntimeException e) {
                    log.warn("registry listener {} failed on revision {}", listener, snapshot.revision(), e);
                }
            }
        }
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
