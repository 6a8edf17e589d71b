package io.banyan.controlplane.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Hands the changes the watch applied to the mirror to the followers, on one thread of its own ({@code
 * banyan-store-follower}): a follower that blocks (on a book's lock held by a write) holds up only the other followers,
 * never the watch, so the mirror and its read barrier ({@link Store#sync}) keep moving. The changes of one watch
 * response are queued together, after all of them are in the mirror, and told in etcd's order. At most {@code
 * maxPending} changes wait: one more drops them all and queues one {@link StoreFollower#reloaded()} instead (the
 * followers then re-read everything from the mirror, which has every dropped change already).
 */
final class EtcdFollowerQueue implements AutoCloseable {

    static final int MAX_PENDING = 10_000;

    private static final Logger log = LoggerFactory.getLogger(EtcdFollowerQueue.class);

    /** The changes of one watch response, or a reload (every follower re-reads everything). */
    private record Batch(List<EtcdMirror.Change> changes, boolean reload) {
    }

    private final List<StoreFollower> followers;
    private final int maxPending;
    private final Thread thread;
    /** Guarded by this. */
    private final Deque<Batch> batches = new ArrayDeque<>();
    private int pending;
    private long overflows;
    private boolean closed;

    EtcdFollowerQueue(List<StoreFollower> followers, int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending: " + maxPending + " (expected: > 0)");
        }
        this.followers = followers;
        this.maxPending = maxPending;
        this.thread = new Thread(this::run, "banyan-store-follower");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the changes one watch response made to the mirror (nothing when empty). */
    synchronized void changed(List<EtcdMirror.Change> changes) {
        if (changes.isEmpty() || closed) {
            return;
        }
        if (pending + changes.size() > maxPending) {
            overflows++;
            log.warn("store followers are {} changes behind (at most {}); dropping them, the followers re-read"
                    + " everything instead", pending + changes.size(), maxPending);
            reloadLocked();
            return;
        }
        batches.addLast(new Batch(List.copyOf(changes), false));
        pending += changes.size();
        notifyAll();
    }

    /** Drops what waits and queues one {@link StoreFollower#reloaded()}: the mirror was re-read. */
    synchronized void reloaded() {
        if (!closed) {
            reloadLocked();
        }
    }

    private void reloadLocked() {
        batches.clear();
        pending = 0;
        batches.addLast(new Batch(List.of(), true));
        notifyAll();
    }

    /** How many times the queue overflowed (and a reload replaced what waited). */
    synchronized long overflows() {
        return overflows;
    }

    private void run() {
        while (true) {
            Batch batch;
            synchronized (this) {
                while (batches.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                batch = batches.pollFirst();
                pending -= batch.changes().size();
            }
            if (batch.reload()) {
                tellReloaded();
            } else {
                batch.changes().forEach(this::tell);
            }
        }
    }

    private void tell(EtcdMirror.Change change) {
        for (StoreFollower follower : followers) {
            try {
                follower.changed(change.map(), change.key(), change.value());
            } catch (RuntimeException e) {
                log.warn("store follower failed on {} '{}'", change.map(), change.key(), e);
            }
        }
    }

    private void tellReloaded() {
        for (StoreFollower follower : followers) {
            try {
                follower.reloaded();
            } catch (RuntimeException e) {
                log.warn("store follower failed to reload", e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            batches.clear();
            pending = 0;
            notifyAll();
        }
        thread.interrupt();
    }
}
