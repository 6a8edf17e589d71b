package io.banyan.controlplane.rollout;

import io.banyan.controlplane.loadstats.NodeLoads;
import io.banyan.controlplane.replica.ReplicaPresence;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.store.Leadership;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredHeartbeats;
import io.banyan.controlplane.support.EtcdReplicas;
import io.banyan.controlplane.xds.SidecarDirectory;
import io.banyan.controlplane.xds.SnapshotPublisher;
import io.banyan.controlplane.xds.XdsMetrics;
import io.banyan.controlplane.xds.snapshot.Checks;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Rollouts of replicas on a real etcd: a rollout staged and finished on replica a is in flight on replica b (its
 * object's writes refused there), then history, without b restarting; and once a is gone (its heartbeats entry stale,
 * by the fake clock) after it staged, the rollout is written back exactly once although two replicas both act as
 * leader (each takes the record over with an If-Match first), with the reason naming a; a drops its overlay.
 */
class RolloutsOnEtcdIT {

    private static final Duration EXCHANGE = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final EtcdReplicas etcd = new EtcdReplicas();

    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void anotherReplicasRolloutIsInFlightHereThenHistory() {
        Store storeA = etcd.replica("a");
        Store storeB = etcd.replica("b");
        Rollouts a = rollouts(storeA);
        Rollouts b = rollouts(storeB);

        a.stage(ConfigKind.POLICY, "orders", Rollout.canary(10, Duration.ofSeconds(30)), view -> view, () -> 7);
        await().atMost(WAIT).until(() -> b.get("ro-7").map(RolloutRecord::state).orElse(null)
                == RolloutState.BAKING);
        assertThatThrownBy(() -> b.checkIdle(ConfigKind.POLICY, "orders"))
                .isInstanceOf(RolloutConflictException.class).hasMessageContaining("rollout ro-7 is in flight");
        assertThat(b.baking()).isEmpty();

        a.finish("ro-7", RolloutState.PROMOTED, null);
        await().atMost(WAIT).until(() -> b.get("ro-7").map(RolloutRecord::state).orElse(null)
                == RolloutState.PROMOTED);
        b.checkIdle(ConfigKind.POLICY, "orders");
    }

    @Test
    void theRolloutOfAReplicaGoneDuringTheBakeIsWrittenBackOnceByTwoLeaders() throws Exception {
        Store storeA = etcd.replica("a");
        Store storeB = etcd.replica("b");
        Store storeC = etcd.replica("c");
        heartbeatsOf(storeA, "a", clock.instant());
        heartbeatsOf(storeA, "b", clock.instant().plus(Duration.ofDays(365)));
        heartbeatsOf(storeA, "c", clock.instant().plus(Duration.ofDays(365)));
        Rollouts a = rollouts(storeA);
        Rollouts b = rollouts(storeB);
        Rollouts c = rollouts(storeC);
        List<Long> writtenBack = new CopyOnWriteArrayList<>();
        etcd.closeAfter(driver(storeB, b, writtenBack).start());
        etcd.closeAfter(driver(storeC, c, writtenBack).start());

        a.stage(ConfigKind.POLICY, "orders", Rollout.canary(10, Duration.ofSeconds(30)), view -> view, () -> 7);
        await().atMost(WAIT).until(() -> b.get("ro-7").isPresent() && c.get("ro-7").isPresent());
        Thread.sleep(500);
        assertThat(writtenBack).isEmpty();

        clock.advance(EXCHANGE.multipliedBy(11));
        await().atMost(WAIT).until(() -> !writtenBack.isEmpty());
        for (Rollouts replica : List.of(a, b, c)) {
            await().atMost(WAIT).until(() -> replica.get("ro-7").map(RolloutRecord::state).orElse(null)
                    == RolloutState.REVERTED);
            assertThat(replica.get("ro-7").orElseThrow().reason()).contains("replica 'a' that staged it is gone");
            replica.checkIdle(ConfigKind.POLICY, "orders");
        }
        assertThat(a.baking()).isEmpty();
        Thread.sleep(500);
        assertThat(writtenBack).containsExactly(7L);
    }

    private void heartbeatsOf(Store store, String replica, Instant writtenAt) {
        store.heartbeats().put(replica, new StoredHeartbeats(replica, writtenAt, Map.of()));
    }

    private RolloutDriver driver(Store store, Rollouts rollouts, List<Long> writtenBack) {
        return new RolloutDriver(rollouts, new SidecarDirectory(clock), publisher(), loads(), writtenBack::add,
                clock, Duration.ofMillis(50), Leadership.ALONE, new ReplicaPresence(store, clock, EXCHANGE)::gone);
    }

    private Rollouts rollouts(Store store) {
        Rollouts rollouts = new Rollouts(publisher(), new SidecarDirectory(clock), loads(), store, clock, meters);
        store.follow(rollouts);
        return rollouts;
    }

    private SnapshotPublisher publisher() {
        return etcd.closeAfter(new SnapshotPublisher(new SnapshotBuilder("mesh.local"), Checks.guard(),
                new XdsMetrics(new SimpleMeterRegistry())));
    }

    private NodeLoads loads() {
        return new NodeLoads(clock, Duration.ofSeconds(1), Duration.ofHours(1));
    }
}
