package io.banyan.sidecar.upstream;

import java.util.ArrayDeque;
import java.util.function.Predicate;

/**
 * The acquires waiting for one HTTP/2 connection to be ready, bounded; each keeps what it needs to go to another
 * connection, and its unit of the cluster's {@code PENDING_REQUESTS}, given back when it leaves the queue.
 * Touched only on the connection's event loop.
 */
final class WaitingAcquires {

    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private final int limit;

    WaitingAcquires(int limit) {
        this.limit = limit;
    }

    boolean isFull() {
        return queue.size() >= limit;
    }

    /** Queues {@code callback}, which holds {@code pending} while it waits; the caller checked {@link #isFull()}. */
    void add(AcquireCallback callback, AcquireOptions options, HeldResource pending) {
        queue.add(new Waiter(callback, options, pending));
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    void failAll(Throwable cause) {
        Waiter waiter;
        while ((waiter = queue.poll()) != null) {
            waiter.pending.release();
            waiter.callback.onAcquireFailed(cause);
        }
    }

    /** Offers each waiter to {@code here} in turn; those it declines are acquired again from {@code pool}. */
    void dispatch(Predicate<AcquireCallback> here, Http2EndpointPool pool) {
        Waiter waiter;
        while ((waiter = queue.poll()) != null) {
            waiter.pending.release(); // no longer waiting: on a stream now, or waiting again (holding a new unit)
            if (!here.test(waiter.callback)) {
                pool.acquire(waiter.options, waiter.callback);
            }
        }
    }

    private record Waiter(AcquireCallback callback, AcquireOptions options, HeldResource pending) {
    }
}
