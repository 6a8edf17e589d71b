package io.banyan.controlplane.registry;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read barrier is shared: one sync in flight at a time, whoever asks meanwhile waits for the next one, which
 * serves all of them; a failed sync fails its waiters and the next one still runs. The executor is stepped by hand.
 */
class ReadBarrierTest {

    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final AtomicInteger syncs = new AtomicInteger();

    private void step() {
        tasks.remove().run();
    }

    @Test
    void callersWhileOneBarrierRunsShareTheNextOne() {
        ReadBarrier barrier = new ReadBarrier(syncs::incrementAndGet, tasks::add);

        CompletableFuture<Void> first = barrier.pass();
        CompletableFuture<Void> second = barrier.pass();
        CompletableFuture<Void> third = barrier.pass();
        assertThat(tasks).as("one sync in flight").hasSize(1);

        step(); // the first sync passes; the next one starts for the two that asked meanwhile
        assertThat(first).isCompleted();
        assertThat(second).isNotCompleted();
        assertThat(tasks).hasSize(1);

        step();
        assertThat(second).isCompleted();
        assertThat(third).isSameAs(second);
        assertThat(tasks).isEmpty();
        assertThat(syncs).hasValue(2);

        barrier.pass();
        step();
        assertThat(syncs).hasValue(3);
    }

    @Test
    void aFailedSyncFailsItsWaitersAndTheNextOneStillRuns() {
        ReadBarrier barrier = new ReadBarrier(() -> {
            if (syncs.incrementAndGet() == 1) {
                throw new IllegalStateException("etcd unreachable");
            }
        }, tasks::add);

        CompletableFuture<Void> failed = barrier.pass();
        CompletableFuture<Void> next = barrier.pass();
        step();
        assertThat(failed).isCompletedExceptionally();
        step();
        assertThat(next).isCompleted().isNotCompletedExceptionally();
    }
}
