package io.banyan.controlplane.store;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.banyan.controlplane.revision.ConfigChange;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.IfMatch;
import io.banyan.controlplane.revision.RevisionAction;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.revision.StaleETagException;
import io.banyan.controlplane.support.EtcdReplicas;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stores on a real etcd (one member; each test under a prefix of its own): replicas see each other's writes, and
 * their followers hear only the other replicas' changes; If-Match and removeAll are exact across replicas; the
 * leadership moves when its holder closes; the throughput of 16 concurrent writers.
 */
class EtcdStoreIT {

    @RegisterExtension
    static final EtcdReplicas etcd = new EtcdReplicas();

    private Store replica(String name) {
        return replica(name, EtcdStoreSettings.DEFAULT_LEADER_LEASE);
    }

    private Store replica(String name, Duration lease) {
        return replica(name, lease, EtcdStoreSettings.DEFAULT_TIMEOUT);
    }

    private Store replica(String name, Duration lease, Duration timeout) {
        return etcd.replica(name, settings -> settings.withLeaderLease(lease).withTimeout(timeout));
    }

    private static StoredService service(String name) {
        return new StoredService(name, Instant.parse("2026-12-07T20:00:00Z"));
    }

    private static StoredInstance instance(String id) {
        return new StoredInstance(id, "orders", "127.0.0.1", 8080, null, null, 1, 30, "http", java.util.Map.of(), true);
    }

    /** What a follower was told, in order. */
    private record Heard(String map, String key, String value) {
    }

    @Test
    void replicasSeeEachOthersWritesAndTheirFollowersHearOnlyTheOthers() {
        Store a = replica("a");
        Store b = replica("b");
        List<Heard> heardByA = new CopyOnWriteArrayList<>();
        List<Heard> heardByB = new CopyOnWriteArrayList<>();
        a.follow(new Recording(heardByA));
        b.follow(new Recording(heardByB));
        assertThat(a.replicated()).isTrue();
        assertThat(a.replica()).isEqualTo("a");

        a.services().put("orders", service("orders"));
        assertThat(a.services().get("orders")).as("read your own write at once").contains(service("orders"));
        await().atMost(Duration.ofSeconds(10)).until(() -> b.services().get("orders").isPresent());
        assertThat(heardByB).singleElement().satisfies(heard -> {
            assertThat(heard.map()).isEqualTo("services");
            assertThat(heard.key()).isEqualTo("orders");
            assertThat(heard.value()).contains("\"name\":\"orders\"");
        });

        assertThat(b.services().remove("orders")).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.services().get("orders").isEmpty());
        assertThat(heardByA).containsExactly(new Heard("services", "orders", null));

        b.sync();
        a.sync();
        assertThat(heardByB).as("B's own removal is not told to B").hasSize(1);
        assertThat(heardByA).as("A's own put is not told to A").hasSize(1);
    }

    /**
     * A follower of A blocks (as a book's follower does on the book's lock while the book writes): the watch still
     * applies B's writes to A's mirror, so A's write that lost the race to B is re-run at once and completes; the
     * follower, released, is then told B's changes (and not A's own write).
     */
    @Test
    void aBlockedFollowerDoesNotStallAWriteThatLostARace() throws Exception {
        Store a = replica("a", EtcdStoreSettings.DEFAULT_LEADER_LEASE, Duration.ofSeconds(2));
        Store b = replica("b");
        CountDownLatch release = new CountDownLatch(1);
        List<Heard> heardByA = new CopyOnWriteArrayList<>();
        a.follow(new Recording(heardByA) {
            @Override
            public void changed(String map, String key, String value) {
                super.changed(map, key, value);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        AtomicInteger runs = new AtomicInteger();

        CompletableFuture<String> fromA = a.writeMapsLater(maps -> {
            String seen = maps.get("services", "k");
            if (runs.getAndIncrement() == 0) { // B wins the race: A's follower blocks on B's first change
                b.writeMaps(onB -> {
                    onB.put("services", "other", "from-b");
                    return null;
                });
                b.writeMaps(onB -> {
                    onB.put("services", "k", "from-b");
                    return null;
                });
            }
            maps.put("services", "k", "from-a after " + seen);
            return seen;
        });

        assertThat(fromA.get()).as("re-run on B's write, while A's follower is still blocked").isEqualTo("from-b");
        assertThat(runs).hasValue(2);
        assertThat(release.getCount()).as("the follower was not released").isOne();
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> heardByA.size() == 2);
        a.sync();
        assertThat(heardByA).containsExactly(new Heard("services", "other", "from-b"),
                new Heard("services", "k", "from-b"));
        assertThat(a.map("services").get("k")).isEqualTo("from-a after from-b");
    }

    @Test
    void aReplicaStartingReadsEverythingAlreadyTherePageByPage() throws Exception {
        Store a = replica("a");
        int count = EtcdBackend.PAGE * 2 + 17;
        List<CompletableFuture<Void>> written = IntStream.range(0, count)
                .mapToObj(i -> a.instances().putLater("i" + i, instance("i" + i))).toList();
        CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get();
        a.services().put("orders", service("orders"));

        Store late = replica("late");
        assertThat(late.instances().values()).hasSize(count);
        assertThat(late.services().get("orders")).contains(service("orders"));
    }

    @Test
    void syncReturnsOnceTheOtherReplicasWritesAreReadable() {
        Store a = replica("a");
        Store b = replica("b");
        for (int i = 0; i < 20; i++) {
            a.services().put("s" + i, service("s" + i));
        }
        b.sync();
        assertThat(b.services().values()).hasSize(20);
    }

    @Test
    void twoReplicasRacingTheSameIfMatchOneSucceedsTheOtherIsStale() throws Exception {
        Store a = replica("a");
        Store b = replica("b");
        Revisions onA = new Revisions(a, Clock.systemUTC(), new SimpleMeterRegistry());
        Revisions onB = new Revisions(b, Clock.systemUTC(), new SimpleMeterRegistry());
        long etag = onA.write(policyChange("orders"), ConfigWrite.by("alice"), new StoreBatch()).revision();
        b.sync();
        assertThat(onB.etag(ConfigKind.POLICY, "orders")).isEqualTo(etag);

        for (int round = 0; round < 10; round++) {
            long current = onA.etag(ConfigKind.POLICY, "orders");
            b.sync();
            ConfigWrite ifMatch = new ConfigWrite("racer", new IfMatch(false, List.of(current)));
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService racers = Executors.newFixedThreadPool(2);
            try {
                Future<Boolean> fromA = racers.submit(() -> wrote(go, onA, ifMatch));
                Future<Boolean> fromB = racers.submit(() -> wrote(go, onB, ifMatch));
                go.countDown();
                assertThat(List.of(fromA.get(), fromB.get())).as("round " + round + ": exactly one wins")
                        .containsExactlyInAnyOrder(true, false);
            } finally {
                racers.shutdownNow();
            }
        }
    }

    @Test
    void anIfMatchOfTheOtherReplicasLatestWriteHoldsWhetherOrNotThisReplicaHasSeenItYet() {
        Store a = replica("a");
        Store b = replica("b");
        Revisions onA = new Revisions(a, Clock.systemUTC(), new SimpleMeterRegistry());
        Revisions onB = new Revisions(b, Clock.systemUTC(), new SimpleMeterRegistry());
        for (int round = 0; round < 20; round++) {
            long fromA = onA.write(policyChange("orders"), ConfigWrite.by("alice"), new StoreBatch()).revision();
            // no sync: B's mirror may or may not show A's write yet; the answer must not depend on it
            long fromB = onB.write(policyChange("orders"), new ConfigWrite("bob", new IfMatch(false, List.of(fromA))),
                    new StoreBatch()).revision();
            assertThat(fromB).as("round " + round).isGreaterThan(fromA);
            a.sync();
        }
    }

    private static boolean wrote(CountDownLatch go, Revisions revisions, ConfigWrite by) throws InterruptedException {
        go.await();
        try {
            revisions.write(policyChange("orders"), by, new StoreBatch());
            return true;
        } catch (StaleETagException e) {
            return false;
        }
    }

    private static ConfigChange policyChange(String service) {
        return new ConfigChange(ConfigKind.POLICY, service, RevisionAction.UPDATE, null,
                JsonNodeFactory.instance.objectNode().put("retries", 1));
    }

    @Test
    void removeAllOfTheSameKeysFromTwoReplicasCountsEachKeyOnce() throws Exception {
        Store a = replica("a");
        Store b = replica("b");
        List<String> keys = IntStream.range(0, 250).mapToObj(i -> "i" + i).toList();
        List<CompletableFuture<Void>> written = keys.stream().map(key -> a.instances().putLater(key, instance(key)))
                .toList();
        CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get();
        b.sync();
        assertThat(b.instances().values()).hasSize(keys.size());
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Integer> fromA = CompletableFuture.supplyAsync(() -> removeAll(go, a, keys));
        CompletableFuture<Integer> fromB = CompletableFuture.supplyAsync(() -> removeAll(go, b, reversed(keys)));
        go.countDown();
        assertThat(fromA.get() + fromB.get()).isEqualTo(keys.size());
        a.sync();
        assertThat(a.instances().values()).isEmpty();
    }

    private static List<String> reversed(List<String> keys) {
        List<String> copy = new ArrayList<>(keys);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static int removeAll(CountDownLatch go, Store store, List<String> keys) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return store.instances().removeAll(keys);
    }

    @Test
    void whenTheLeaderClosesAnotherReplicaLeadsWithinTheLease() {
        Duration lease = Duration.ofSeconds(2);
        Store a = replica("a", lease);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.leadership().isLeader());
        Store b = replica("b", lease);
        AtomicInteger bLeading = new AtomicInteger();
        b.leadership().addListener(leader -> {
            if (leader) {
                bLeading.incrementAndGet();
            }
        });
        assertThat(b.leadership().isLeader()).as("one leader at a time").isFalse();

        a.close();
        await().atMost(lease.plusSeconds(3)).until(() -> b.leadership().isLeader());
        assertThat(bLeading).hasValue(1);
        assertThat(a.leadership().isLeader()).isFalse();
    }

    @Test
    void sixteenConcurrentWritersRegisteringInstances() throws Exception {
        Store a = replica("a");
        int writers = 16;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long started = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String id = "w" + writer + "-" + i;
                        a.instances().put(id, instance(id));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("etcd store: %d writes by %d writers in %.2fs = %.0f/s, %d transactions%n",
                writers * each, writers, seconds, writers * each / seconds, a.syncs());
        assertThat(a.instances().values()).hasSize(writers * each);
        assertThat(a.syncs()).as("transactions cover several writes").isLessThan(writers * each);
    }

    private static class Recording implements StoreFollower {
        private final List<Heard> heard;

        Recording(List<Heard> heard) {
            this.heard = heard;
        }

        @Override
        public void changed(String map, String key, String value) {
            heard.add(new Heard(map, key, value));
        }

        @Override
        public void reloaded() {
            heard.add(new Heard("*", "*", "reloaded"));
        }
    }
}
