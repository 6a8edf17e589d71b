package io.banyan.sidecar.upstream;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The acquires waiting for one HTTP/2 connection to be ready, bounded; each keeps what it needs to go to another
 * connection. Touched only on the connection's event loop.
 */
final class WaitingAcquires {

    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private final int limit;

    WaitingAcquires(int limit) {
        this.limit = limit;
    }

    boolean offer(AcquireCallback callback, long connectTimeoutMillis, AtomicInteger gauge) {
        if (queue.size() >= limit) {
            return false;
        }
        queue.add(new Waiter(callback, connectTimeoutMillis, gauge));
        return true;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    void failAll(Throwable cause) {
        Waiter waiter;
        while ((waiter = queue.poll()) != null) {
            waiter.callback.onAcquireFailed(cause);
        }
    }

    /** Offers each waiter to {@code here} in turn; those it declines are acquired again from {@code pool}. */
    void dispatch(Predicate<AcquireCallback> here, Http2EndpointPool pool) {
        Waiter waiter;
        while ((waiter = queue.poll()) != null) {
            if (!here.test(waiter.callback)) {
                pool.acquire(waiter.connectTimeoutMillis, waiter.gauge, waiter.callback);
            }
        }
    }

    private record Waiter(AcquireCallback callback, long connectTimeoutMillis, AtomicInteger gauge) {
    }
}
