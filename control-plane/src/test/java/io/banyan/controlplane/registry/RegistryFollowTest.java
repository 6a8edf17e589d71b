package io.banyan.controlplane.registry;

import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.replica.SwitchedLeadership;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredHeartbeats;
import io.banyan.controlplane.store.StoredInstance;
import io.banyan.controlplane.store.StoredService;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry of one replica takes the other replicas' writes as the store's follower tells it (the other replica is
 * simulated by writing its entries to the store's maps directly), shares heartbeats through the {@code heartbeats}
 * map, and reaps only while it leads, counting exactly what it removed. All on a fake clock.
 */
class RegistryFollowTest {

    private static final Duration REAP_AFTER = Duration.ofSeconds(30);

    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @TempDir
    Path dir;
    private Store store;
    private Registry registry;

    @BeforeEach
    void open() {
        store = Store.open(dir);
        registry = new Registry(store, clock, meters, new RegistryRules(null, 1.0, REAP_AFTER));
    }

    @AfterEach
    void close() {
        registry.close();
        store.close();
    }

    private StoredInstance remoteInstance(String id, String service, int port) {
        StoredInstance stored = new StoredInstance(id, service, "10.0.0.9", port, null, null, 100, 5, "http",
                Map.of(), true);
        store.instances().put(id, stored);
        return stored;
    }

    @Test
    void aRemoteRegistrationAppearsHeartbeatedWhenLearntAndIsPublishedOnce() {
        long before = registry.snapshot().revision();
        clock.advance(Duration.ofSeconds(3));

        remoteInstance("i-1", "orders", 8080);
        registry.changed("instances", "i-1", "...");
        long after = registry.snapshot().revision();
        registry.changed("instances", "i-1", "...");

        assertThat(after).isEqualTo(before + 1);
        assertThat(registry.snapshot().revision()).isEqualTo(after);
        InstanceHealth learnt = registry.get("i-1").orElseThrow();
        assertThat(learnt.healthy()).isTrue();
        assertThat(learnt.lastHeartbeat()).isEqualTo(clock.instant());
        assertThat(registry.service("orders")).get().satisfies(list -> assertThat(list).hasSize(1));
    }

    @Test
    void aRemoteDeregistrationAndServiceDeletionRemoveThemHere() {
        store.services().put("orders", new StoredService("orders", clock.instant()));
        registry.changed("services", "orders", "...");
        remoteInstance("i-1", "orders", 8080);
        registry.changed("instances", "i-1", "...");
        assertThat(registry.service("orders")).isPresent();

        store.instances().remove("i-1");
        registry.changed("instances", "i-1", null);
        assertThat(registry.get("i-1")).isEmpty();
        assertThat(registry.service("orders")).get().satisfies(list -> assertThat(list).isEmpty());

        store.services().remove("orders");
        registry.changed("services", "orders", null);
        assertThat(registry.service("orders")).isEmpty();
        assertThat(registry.snapshot().services()).doesNotContainKey("orders");
    }

    @Test
    void aReloadTakesEveryRemoteChangeAtOnce() {
        InstanceHealth local = registry.register(Registration.builder().service("orders").host("h").port(1).build());
        remoteInstance("i-2", "payments", 9090);
        store.instances().remove(local.instance().id());

        registry.reloaded();

        assertThat(registry.get(local.instance().id())).isEmpty();
        assertThat(registry.get("i-2")).isPresent();
    }

    @Test
    void anExpiredInstanceHeartbeatedOnAnotherReplicaIsHealthyAgainHere() {
        HeartbeatExchange exchange = new HeartbeatExchange(registry, store, clock, Duration.ofSeconds(1));
        String id = registry.register(Registration.builder().service("orders").host("h").port(1).ttlSeconds(5L)
                .build()).instance().id();
        clock.advance(Duration.ofSeconds(6));
        registry.judge();
        assertThat(registry.get(id).orElseThrow().state()).isEqualTo(HealthState.EXPIRED);

        // this replica's own entry (an echo of its flush) is not taken
        store.heartbeats().put(store.replica(), new StoredHeartbeats(store.replica(), clock.instant(),
                Map.of(id, clock.instant())));
        exchange.changed("heartbeats", store.replica(), "...");
        assertThat(registry.get(id).orElseThrow().state()).isEqualTo(HealthState.EXPIRED);

        store.heartbeats().put("replica-b", new StoredHeartbeats("replica-b", clock.instant(),
                Map.of(id, clock.instant(), "unknown-id", clock.instant())));
        exchange.changed("heartbeats", "replica-b", "...");

        InstanceHealth merged = registry.get(id).orElseThrow();
        assertThat(merged.state()).isEqualTo(HealthState.HEALTHY);
        assertThat(merged.lastHeartbeat()).isEqualTo(clock.instant());
        assertThat(registry.get("unknown-id")).isEmpty();
    }

    @Test
    void anOlderRemoteHeartbeatChangesNothing() {
        HeartbeatExchange exchange = new HeartbeatExchange(registry, store, clock, Duration.ofSeconds(1));
        String id = registry.register(Registration.builder().service("orders").host("h").port(1).ttlSeconds(5L)
                .build()).instance().id();
        store.heartbeats().put("replica-b", new StoredHeartbeats("replica-b", clock.instant(),
                Map.of(id, clock.instant().minusSeconds(60))));
        long before = registry.snapshot().revision();

        exchange.reloaded();

        assertThat(registry.get(id).orElseThrow().lastHeartbeat()).isEqualTo(clock.instant());
        assertThat(registry.snapshot().revision()).isEqualTo(before);
    }

    @Test
    void expiryWaitsForTheSlackOfAReplicatedStore() {
        registry.useExpirySlack(Duration.ofSeconds(2));
        String id = registry.register(Registration.builder().service("orders").host("h").port(1).ttlSeconds(5L)
                .build()).instance().id();

        clock.advance(Duration.ofSeconds(6));
        registry.judge();
        assertThat(registry.get(id).orElseThrow().healthy()).isTrue();

        clock.advance(Duration.ofSeconds(2));
        registry.judge();
        assertThat(registry.get(id).orElseThrow().state()).isEqualTo(HealthState.EXPIRED);
    }

    @Test
    void onlyTheLeaderReapsAndItCountsEachReapedInstanceOnce() {
        SwitchedLeadership leadership = new SwitchedLeadership(false);
        try (TtlSweeper sweeper = new TtlSweeper(registry, Duration.ofSeconds(1), leadership)) {
            String id = registry.register(Registration.builder().service("orders").host("h").port(1).ttlSeconds(5L)
                    .build()).instance().id();
            clock.advance(Duration.ofSeconds(5).plus(REAP_AFTER).plusSeconds(1));

            sweeper.sweepOnce();
            assertThat(registry.get(id).orElseThrow().state()).isEqualTo(HealthState.EXPIRED);
            assertThat(store.instances().get(id)).isPresent();
            assertThat(reaped()).isZero();

            leadership.set(true);
            sweeper.sweepOnce();
            sweeper.sweepOnce();

            assertThat(registry.get(id)).isEmpty();
            assertThat(store.instances().get(id)).isEmpty();
            assertThat(reaped()).isEqualTo(1);
        }
    }

    @Test
    void aReapCountsOnlyWhatItsRemovalRemoved() {
        String first = registry.register(Registration.builder().service("orders").host("h").port(1).ttlSeconds(5L)
                .build()).instance().id();
        String second = registry.register(Registration.builder().service("orders").host("h").port(2)
                .ttlSeconds(5L).build()).instance().id();
        clock.advance(Duration.ofSeconds(5).plus(REAP_AFTER).plusSeconds(1));
        // a leader just deposed reaped the first; its removal has not reached this replica yet
        store.instances().remove(first);

        registry.sweep();

        assertThat(registry.get(first)).isEmpty();
        assertThat(registry.get(second)).isEmpty();
        assertThat(reaped()).isEqualTo(1);
    }

    private double reaped() {
        Counter counter = meters.find(MetricNames.REGISTRY_REAPED).counter();
        return counter == null ? 0 : counter.count();
    }
}
