package io.banyan.controlplane.rollout;

import io.banyan.controlplane.loadstats.NodeLoads;
import io.banyan.controlplane.replica.SwitchedLeadership;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.xds.SidecarDirectory;
import io.banyan.controlplane.xds.SnapshotPublisher;
import io.banyan.controlplane.xds.XdsMetrics;
import io.banyan.controlplane.xds.snapshot.Checks;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rollout a restart interrupted is written back by the leader only: a replica that does not lead leaves it in
 * flight, and writes it back as soon as it becomes the leader (on the driver's thread).
 */
class RolloutDriverLeadershipTest {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void anInterruptedRolloutIsWrittenBackOnlyOnceThisReplicaLeads() {
        try (Store store = Store.open(dir); SnapshotPublisher publisher = publisher()) {
            rollouts(store, publisher).stage(ConfigKind.POLICY, "orders", Rollout.canary(10, Duration.ofSeconds(30)),
                    view -> view, () -> 7);
        }
        List<Long> writtenBack = new CopyOnWriteArrayList<>();
        SwitchedLeadership leadership = new SwitchedLeadership(false);
        try (Store store = Store.open(dir); SnapshotPublisher publisher = publisher()) {
            Rollouts rollouts = rollouts(store, publisher);
            try (RolloutDriver driver = new RolloutDriver(rollouts, new SidecarDirectory(clock), publisher, loads(),
                    writtenBack::add, clock, Duration.ofHours(1), leadership).start()) {
                driver.checkAll();
                assertThat(writtenBack).isEmpty();
                assertThat(rollouts.interrupted()).extracting(RolloutRecord::id).containsExactly("ro-7");

                leadership.set(true);

                await().atMost(Duration.ofSeconds(10)).until(() -> rollouts.interrupted().isEmpty());
                assertThat(writtenBack).containsExactly(7L);
                assertThat(rollouts.get("ro-7").orElseThrow().state()).isEqualTo(RolloutState.REVERTED);
            }
        }
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
