package io.banyan.controlplane.registry;

import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreUnavailableException;
import io.banyan.controlplane.support.SmallDisk;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The registration path at scale: shared snapshot lists, heartbeats that touch nothing, coalesced notifications. */
class RegistryWritePathTest {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();

    private static Registration instance(String service, String host, Long ttlSeconds) {
        return Registration.builder().service(service).host(host).port(8080).ttlSeconds(ttlSeconds).build();
    }

    @Test
    void aServiceWhoseInstancesDidNotChangeKeepsTheSameListInTheNextSnapshot() throws Exception {
        try (Store store = Store.open(dir); Registry registry = new Registry(store, clock, new SimpleMeterRegistry())) {
            registry.register(instance("orders", "10.0.0.1", 10L));
            String payments = registry.register(instance("payments", "10.0.0.2", 10L)).instance().id();
            registry.putService("empty");
            RecordingListener listener = new RecordingListener();
            registry.addListener(listener);
            RegistrySnapshot before = listener.next();

            registry.register(instance("orders", "10.0.0.3", 10L));
            RegistrySnapshot after = listener.next();

            assertThat(after.revision()).isEqualTo(before.revision() + 1);
            assertThat(after.services().get("payments")).isSameAs(before.services().get("payments"));
            assertThat(after.services().get("empty")).isSameAs(before.services().get("empty"));
            assertThat(after.services().get("orders")).isNotSameAs(before.services().get("orders")).hasSize(2);

            clock.advance(Duration.ofSeconds(9));
            registry.heartbeat(payments);
            clock.advance(Duration.ofSeconds(2));
            registry.sweep(); // the orders instances missed their TTL; payments heartbeated
            RegistrySnapshot flipped = listener.next();
            assertThat(flipped.services().get("payments")).isSameAs(before.services().get("payments"));
            assertThat(flipped.services().get("orders")).isNotSameAs(after.services().get("orders"));
        }
    }

    @Test
    void aHeartbeatThatChangesNoHealthPublishesNoSnapshotAndWritesNothingToTheStore() throws Exception {
        try (Store store = Store.open(dir); Registry registry = new Registry(store, clock, new SimpleMeterRegistry())) {
            String id = registry.register(instance("orders", "10.0.0.1", 10L)).instance().id();
            String other = registry.register(instance("orders", "10.0.0.2", 10L)).instance().id();
            RecordingListener listener = new RecordingListener();
            registry.addListener(listener);
            long revision = listener.next().revision();
            long writes = store.durableWrites();
            long syncs = store.syncs();

            for (int i = 0; i < 100; i++) {
                clock.advance(Duration.ofSeconds(1));
                assertThat(registry.heartbeat(id)).hasValueSatisfying(h -> assertThat(h.healthy()).isTrue());
                assertThat(registry.heartbeat(other)).isPresent();
            }

            assertThat(registry.snapshot().revision()).as("no snapshot").isEqualTo(revision);
            assertThat(store.durableWrites()).as("no store write").isEqualTo(writes);
            assertThat(store.syncs()).isEqualTo(syncs);
            assertThat(registry.get(id)).hasValueSatisfying(h -> assertThat(h.lastHeartbeat()).isEqualTo(clock.instant()));

            // The other instance misses its TTL now: the next heartbeat's judgement of its service flips it.
            clock.advance(Duration.ofSeconds(11));
            assertThat(registry.heartbeat(id)).isPresent();
            assertThat(listener.next().revision()).as("a health change is a snapshot").isEqualTo(revision + 1);
            assertThat(store.durableWrites()).as("health lives in memory").isEqualTo(writes);
        }
    }

    @Test
    void aListenerThatIsBehindGetsTheNewestSnapshotWithRevisionsOnlyGrowing() throws Exception {
        try (Store store = Store.open(dir); Registry registry = new Registry(store, clock, new SimpleMeterRegistry())) {
            CountDownLatch release = new CountDownLatch(1);
            List<Long> seen = new ArrayList<>();
            registry.addListener(snapshot -> {
                try {
                    release.await(10, TimeUnit.SECONDS); // busy while the burst arrives
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (seen) {
                    seen.add(snapshot.revision());
                }
            });
            List<CompletableFuture<InstanceHealth>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                writes.add(registry.registerLater(instance("orders", "10.0.0." + i, null)));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long last = registry.snapshot().revision();

            release.countDown();

            await().atMost(10, TimeUnit.SECONDS).until(() -> {
                synchronized (seen) {
                    return !seen.isEmpty() && seen.get(seen.size() - 1) == last;
                }
            });
            synchronized (seen) {
                assertThat(seen).isSorted().doesNotHaveDuplicates();
                assertThat(seen.size()).as("the burst was folded while the listener was busy").isLessThan(200);
            }
        }
    }

    @Test
    void aRegistrationWhoseCommitFailsIsRefusedAndUndone() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), "2m")) {
            try (Store store = Store.open(disk.path().resolve("data"));
                 Registry registry = new Registry(store, clock, new SimpleMeterRegistry())) {
                InstanceHealth kept = registry.register(instance("orders", "10.0.0.1", null));
                disk.fill();

                CompletableFuture<InstanceHealth> refused = registry.registerLater(instance("orders", "10.0.0.2", null));

                assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(StoreUnavailableException.class);
                await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(registry.snapshot()
                        .instances("orders")).extracting(h -> h.instance().id()).containsExactly(kept.instance().id()));
                disk.free();
            }
        }
    }
}
