package io.banyan.controlplane.rollout;

import io.banyan.controlplane.loadstats.NodeLoads;
import io.banyan.controlplane.replica.ReplicaPresence;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.store.Leadership;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredHeartbeats;
import io.banyan.controlplane.store.StoredRollout;
import io.banyan.controlplane.xds.snapshot.Checks;
import io.banyan.controlplane.xds.SidecarDirectory;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.banyan.controlplane.xds.SnapshotPublisher;
import io.banyan.controlplane.xds.XdsMetrics;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A baking rollout read back at start records the replica that staged it; the leader reverts it only when it staged
 * it itself (same replica name) or its replica is gone (no heartbeats entry written in the last ten exchange
 * intervals); a live replica's rollout is left to it, and one its replica finished since is history, not reverted.
 * The other replica is simulated by rewriting the stored record and its heartbeats entry. All on a fake clock.
 */
class RolloutOwnerTest {

    private static final Duration EXCHANGE = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Long> writtenBack = new CopyOnWriteArrayList<>();

    /** Rollout ro-7 staged and left baking, its record then rewritten as staged by replica-b. */
    @BeforeEach
    void stagedByAnotherReplica() {
        try (Store store = Store.open(dir); SnapshotPublisher publisher = publisher()) {
            rollouts(store, publisher).stage(ConfigKind.POLICY, "orders", Rollout.canary(10, Duration.ofSeconds(30)),
                    view -> view, () -> 7);
            StoredRollout mine = store.rollouts().get("ro-7").orElseThrow();
            assertThat(mine.replica()).isEqualTo(store.replica());
            store.rollouts().put("ro-7", new StoredRollout(mine.id(), mine.revision(), mine.state(), mine.json(),
                    mine.updatedAt(), "replica-b"));
        }
    }

    @Test
    void aLiveReplicasBakingRolloutIsLeftToIt() {
        try (Store store = Store.open(dir); SnapshotPublisher publisher = publisher()) {
            heartbeatsOf(store, "replica-b", EXCHANGE.multipliedBy(9));
            Rollouts rollouts = rollouts(store, publisher);

            try (RolloutDriver driver = driver(store, publisher, rollouts).start()) {
                assertThat(writtenBack).isEmpty();
                assertThat(store.rollouts().get("ro-7").orElseThrow().state()).isEqualTo("baking");
            }
        }
    }

    @Test
    void aGoneReplicasBakingRolloutIsReverted() {
        try (Store store = Store.open(dir); SnapshotPublisher publisher = publisher()) {
            heartbeatsOf(store, "replica-b", EXCHANGE.multipliedBy(11));
            Rollouts rollouts = rollouts(store, publisher);

            try (RolloutDriver driver = driver(store, publisher, rollouts).start()) {
                assertThat(writtenBack).containsExactly(7L);
                assertThat(rollouts.get("ro-7").orElseThrow().state()).isEqualTo(RolloutState.REVERTED);
            }
        }
    }

    @Test
    void theLeaderRevertsTheRolloutOfAReplicaThatIsGoneLaterAtItsNextCheck() {
        try (Store store = Store.open(dir); SnapshotPublisher publisher = publisher()) {
            heartbeatsOf(store, "replica-b", EXCHANGE.multipliedBy(9));
            Rollouts rollouts = rollouts(store, publisher);

            try (RolloutDriver driver = driver(store, publisher, rollouts).start()) {
                driver.checkAll();
                assertThat(writtenBack).isEmpty();

                clock.advance(EXCHANGE.multipliedBy(2));
                driver.checkAll();
                assertThat(writtenBack).containsExactly(7L);
                RolloutRecord reverted = rollouts.get("ro-7").orElseThrow();
                assertThat(reverted.state()).isEqualTo(RolloutState.REVERTED);
                assertThat(reverted.reason()).contains("replica 'replica-b'").contains("gone");
                assertThat(store.rollouts().get("ro-7").orElseThrow().replica()).isEqualTo(store.replica());

                driver.checkAll();
                assertThat(writtenBack).containsExactly(7L);
            }
        }
    }

    @Test
    void aRolloutAnotherLeaderTookOverFirstIsLeftToItWhileThatLeaderLives() {
        try (Store store = Store.open(dir); SnapshotPublisher publisher = publisher()) {
            Rollouts rollouts = rollouts(store, publisher);
            RolloutRecord interrupted = rollouts.interrupted(replica -> true).get(0);
            StoredRollout baking = store.rollouts().get("ro-7").orElseThrow();
            store.rollouts().put("ro-7", new StoredRollout(baking.id(), baking.revision(), baking.state(),
                    baking.json(), clock.instant(), "replica-c"));

            assertThat(rollouts.takeOver(interrupted, "replica-b"::equals)).isEmpty();
            assertThat(store.rollouts().get("ro-7").orElseThrow().replica()).isEqualTo("replica-c");
            assertThat(store.rollouts().replace("ro-7", baking, baking)).isFalse();
            assertThat(rollouts.takeOver(interrupted, replica -> true)).get().asString()
                    .contains("replica 'replica-c' that staged it is gone");
            assertThat(store.rollouts().get("ro-7").orElseThrow().replica()).isEqualTo(store.replica());
        }
    }

    @Test
    void aReplicaWithoutAHeartbeatsEntryIsGone() {
        try (Store store = Store.open(dir); SnapshotPublisher publisher = publisher()) {
            Rollouts rollouts = rollouts(store, publisher);

            try (RolloutDriver driver = driver(store, publisher, rollouts).start()) {
                assertThat(writtenBack).containsExactly(7L);
            }
        }
    }

    @Test
    void aRolloutItsReplicaFinishedSinceIsHistoryNotReverted() {
        try (Store store = Store.open(dir); SnapshotPublisher publisher = publisher()) {
            Rollouts rollouts = rollouts(store, publisher);
            StoredRollout baking = store.rollouts().get("ro-7").orElseThrow();
            store.rollouts().put("ro-7", new StoredRollout(baking.id(), baking.revision(), "promoted",
                    baking.json().replace("\"state\":\"baking\"", "\"state\":\"promoted\""), clock.instant(),
                    "replica-b"));

            assertThat(rollouts.interrupted(replica -> true)).isEmpty();
            assertThat(rollouts.get("ro-7").orElseThrow().state()).isEqualTo(RolloutState.PROMOTED);
            assertThat(writtenBack).isEmpty();
        }
    }

    private void heartbeatsOf(Store store, String replica, Duration ago) {
        store.heartbeats().put(replica, new StoredHeartbeats(replica, clock.instant().minus(ago),
                Map.of("i-1", clock.instant().minus(ago))));
    }

    private RolloutDriver driver(Store store, SnapshotPublisher publisher, Rollouts rollouts) {
        return new RolloutDriver(rollouts, new SidecarDirectory(clock), publisher, loads(), writtenBack::add, clock,
                Duration.ofHours(1), Leadership.ALONE, new ReplicaPresence(store, clock, EXCHANGE)::gone);
    }

    private SnapshotPublisher publisher() {
        return new SnapshotPublisher(new SnapshotBuilder("mesh.local"), Checks.guard(), new XdsMetrics(meters));
    }

    private Rollouts rollouts(Store store, SnapshotPublisher publisher) {
        return new Rollouts(publisher, new SidecarDirectory(clock), loads(), store, clock, meters);
    }

    private NodeLoads loads() {
        return new NodeLoads(clock, Duration.ofSeconds(1), Duration.ofHours(1));
    }
}
