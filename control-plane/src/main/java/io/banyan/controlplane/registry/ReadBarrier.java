package io.banyan.controlplane.registry;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One store read barrier ({@code store.sync()}) shared by everyone who waits for one, run on an executor of its own
 * (never the caller's thread): at most one is in flight; who asks while one runs waits for the next, which starts when
 * that one ends and serves all of them. So each caller's barrier started after it asked (it sees every write committed
 * before), and N callers at once cost at most two barriers.
 */
final class ReadBarrier {

    private final Runnable sync;
    private final Executor executor;
    /** The barrier in flight, null when none. */
    private CompletableFuture<Void> running;
    /** The barrier that starts once {@code running} ends, null while nobody waits for it. */
    private CompletableFuture<Void> next;

    ReadBarrier(Runnable sync, Executor executor) {
        this.sync = Objects.requireNonNull(sync, "sync");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Completes once a barrier that started after this call has passed; fails with what failed it. */
    CompletableFuture<Void> pass() {
        CompletableFuture<Void> barrier;
        boolean start = false;
        synchronized (this) {
            if (running == null) {
                running = new CompletableFuture<>();
                barrier = running;
                start = true;
            } else {
                if (next == null) {
                    next = new CompletableFuture<>();
                }
                barrier = next;
            }
        }
        if (start) {
            start(barrier);
        }
        return barrier;
    }

    private void start(CompletableFuture<Void> barrier) {
        try {
            executor.execute(() -> {
                try {
                    sync.run();
                    barrier.complete(null);
                } catch (RuntimeException e) {
                    barrier.completeExceptionally(e);
                } finally {
                    ended();
                }
            });
        } catch (RejectedExecutionException e) { // closing
            barrier.completeExceptionally(e);
            ended();
        }
    }

    private void ended() {
        CompletableFuture<Void> following;
        synchronized (this) {
            running = next;
            next = null;
            following = running;
        }
        if (following != null) {
            start(following);
        }
    }
}
