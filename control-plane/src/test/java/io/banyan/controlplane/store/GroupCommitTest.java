package io.banyan.controlplane.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class GroupCommitTest {

    /** A commit that waits until released, counting its calls. */
    private static final class HeldCommit {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile RuntimeException failure;

        GroupCommit.Outcome commit() {
            calls.incrementAndGet();
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return failure == null ? GroupCommit.Outcome.synced(() -> events.add("mark")) : GroupCommit.Outcome.failed(failure);
        }
    }

    @Test
    void writesAddedDuringACommitAreCoveredByTheNextOneTogether() throws Exception {
        HeldCommit held = new HeldCommit();
        try (GroupCommit group = new GroupCommit(held::commit, 1000)) {
            CompletableFuture<String> first = group.add("w0");
            assertThat(held.started.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<String>> later = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                later.add(group.add("w" + i));
            }
            assertThat(first).isNotDone();
            assertThat(later).noneMatch(CompletableFuture::isDone);

            held.release.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("w0");
            for (int i = 0; i < later.size(); i++) {
                assertThat(later.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("w" + (i + 1));
            }
            assertThat(held.calls).as("one commit for the first write, one for the hundred behind it").hasValue(2);
            assertThat(group.syncs()).isEqualTo(2);
            assertThat(group.durableWrites()).isEqualTo(101);
            assertThat(held.events).as("the mark after the last commit").contains("mark");
        }
    }

    @Test
    void aFailedCommitFailsEveryWriteItCoveredNewestFirstAndAcknowledgesNone() throws Exception {
        HeldCommit held = new HeldCommit();
        try (GroupCommit group = new GroupCommit(held::commit, 1000)) {
            CompletableFuture<String> first = group.add("w0");
            assertThat(held.started.await(5, TimeUnit.SECONDS)).isTrue();
            held.failure = new StoreUnavailableException("store unavailable: No space left on device");
            List<String> failedOrder = new CopyOnWriteArrayList<>();
            List<CompletableFuture<String>> covered = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String name = "w" + i;
                covered.add(group.add(name).whenComplete((result, failure) -> failedOrder.add(name)));
            }

            held.release.countDown();

            for (CompletableFuture<String> write : List.of(first, covered.get(0), covered.get(1), covered.get(2))) {
                assertThatThrownBy(() -> write.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("No space left on device");
            }
            assertThat(failedOrder).as("undo actions run newest first").containsExactly("w3", "w2", "w1");
            assertThat(group.durableWrites()).isZero();
            assertThat(group.syncs()).isZero();
        }
    }

    @Test
    void writesBeyondTheBoundAreRefusedNotQueued() throws Exception {
        HeldCommit held = new HeldCommit();
        try (GroupCommit group = new GroupCommit(held::commit, 2)) {
            group.admit();
            CompletableFuture<String> first = group.add("w0");
            assertThat(held.started.await(5, TimeUnit.SECONDS)).isTrue();
            group.admit();
            group.add("w1");
            group.admit();
            group.add("w2");

            assertThatThrownBy(group::admit).isInstanceOf(StoreUnavailableException.class)
                    .hasMessage("store busy: 2 writes wait for their commit (expected: at most 2); retry later");

            held.release.countDown();
            first.get(5, TimeUnit.SECONDS);
            await().atMost(5, TimeUnit.SECONDS).until(() -> group.durableWrites() == 3);
            group.admit(); // room again
        }
    }
}
