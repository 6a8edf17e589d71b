package io.banyan.controlplane.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The store's group commit: writes applied to the maps wait here (at most {@code maxPending}) for one commit and
 * sync, run on one thread of its own, that covers all of them. A write's future completes only once that sync is
 * done; a failed commit fails every write it covered, newest first (so that undo actions chained on them run in
 * reverse order of the writes), and none of them is acknowledged. Thread-safe; the store applies writes under its
 * lock, so the order of {@link #add} is the order of the writes.
 */
final class GroupCommit implements AutoCloseable {

    /**
     * What one commit came to: synced (then {@code afterwards} runs before its writes are acknowledged, unless more
     * writes wait already, which leave it to their commit, at most {@link #MAX_SKIPPED_AFTERWARDS} times in a row: the
     * store records its version mark, which may lag the file but never lead it), or failed.
     */
    record Outcome(RuntimeException failure, Runnable afterwards) {

        static Outcome synced(Runnable afterwards) {
            return new Outcome(null, afterwards);
        }

        static Outcome failed(RuntimeException failure) {
            return new Outcome(failure, () -> { });
        }
    }

    /** How many synced commits in a row may leave their {@code afterwards} to the next one while writes wait. */
    static final int MAX_SKIPPED_AFTERWARDS = 16;

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final Supplier<Outcome> commit;
    private final int maxPending;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "banyan-store-commit");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong durableWrites = new AtomicLong();

    /** Applied writes awaiting their commit, in order. Guarded by this. */
    private List<Waiting<?>> pending = new ArrayList<>();
    /** Whether a commit is queued or running. Guarded by this. */
    private boolean committing;
    /** Synced commits whose {@code afterwards} was left to the next one (commit thread only). */
    private int skippedAfterwards;

    private record Waiting<T>(CompletableFuture<T> future, T result) {

        void succeed() {
            future.complete(result);
        }
    }

    /**
     * @param commit     commits and syncs what was applied; called on the commit thread only
     * @param maxPending the most writes that may wait for their commit (back-pressure: beyond it writes are refused)
     */
    GroupCommit(Supplier<Outcome> commit, int maxPending) {
        this.commit = commit;
        this.maxPending = maxPending;
    }

    /**
     * Refuses a write while {@code maxPending} writes wait for their commit (the disk is slower than the writers):
     * with the store's 503 and {@code Retry-After}, the writer retries later; nothing is applied.
     */
    synchronized void admit() {
        if (pending.size() >= maxPending) {
            throw new StoreUnavailableException("store busy: " + pending.size()
                    + " writes wait for their commit (expected: at most " + maxPending + "); retry later");
        }
    }

    /** Queues an applied write for the next commit; the future completes with {@code result} once it is synced. */
    synchronized <T> CompletableFuture<T> add(T result) {
        CompletableFuture<T> future = new CompletableFuture<>();
        pending.add(new Waiting<>(future, result));
        if (!committing) {
            committing = true;
            thread.execute(this::commitPending);
        }
        return future;
    }

    /** Commits until nothing waits: each round covers every write applied before it started. */
    private void commitPending() {
        while (true) {
            List<Waiting<?>> covered;
            synchronized (this) {
                if (pending.isEmpty()) {
                    committing = false;
                    return;
                }
                covered = pending;
                pending = new ArrayList<>();
            }
            Outcome outcome;
            try {
                outcome = commit.get();
            } catch (RuntimeException e) {
                log.warn("store commit failed", e);
                outcome = Outcome.failed(e);
            } catch (Error e) { // the writes it covered must not wait forever, nor the thread die with them
                log.error("store commit failed", e);
                outcome = Outcome.failed(new StoreException("store commit failed: " + e, e));
            }
            finish(covered, outcome);
        }
    }

    private void finish(List<Waiting<?>> covered, Outcome outcome) {
        if (outcome.failure() == null) {
            syncs.incrementAndGet();
            durableWrites.addAndGet(covered.size());
            boolean more;
            synchronized (this) {
                more = !pending.isEmpty();
            }
            if (more && skippedAfterwards < MAX_SKIPPED_AFTERWARDS) {
                skippedAfterwards++;
            } else {
                skippedAfterwards = 0;
                outcome.afterwards().run();
            }
            covered.forEach(Waiting::succeed);
            return;
        }
        for (int i = covered.size() - 1; i >= 0; i--) {
            covered.get(i).future().completeExceptionally(outcome.failure());
        }
    }

    long syncs() {
        return syncs.get();
    }

    long durableWrites() {
        return durableWrites.get();
    }

    /**
     * Commits what was applied before (the store applies nothing more once closing) and stops the thread. A commit
     * only starts when something waits, so a write added concurrently by a closing store is still covered.
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("store commits did not finish within 30s of closing");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
