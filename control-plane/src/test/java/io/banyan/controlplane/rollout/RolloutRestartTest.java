package io.banyan.controlplane.rollout;

import io.banyan.controlplane.loadstats.NodeLoads;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A rollout baking when the control plane stops is written back at the next start, and kept as reverted. */
class RolloutRestartTest {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aRolloutBakingAtTheRestartIsRevertedWithTheReason() {
        List<Long> writtenBack = new ArrayList<>();
        try (Store store = Store.open(dir); SnapshotPublisher publisher = publisher()) {
            Rollouts rollouts = rollouts(store, publisher);
            RolloutRecord staged = rollouts.stage(ConfigKind.POLICY, "orders", Rollout.canary(10,
                    Duration.ofSeconds(30)), view -> view, () -> 7);
            assertThat(staged.id()).isEqualTo("ro-7");
        }
        try (Store store = Store.open(dir); SnapshotPublisher publisher = publisher()) {
            Rollouts rollouts = rollouts(store, publisher);
            assertThat(rollouts.interrupted()).extracting(RolloutRecord::id).containsExactly("ro-7");
            assertThatThrownBy(() -> rollouts.checkIdle(ConfigKind.POLICY, "orders"))
                    .isInstanceOf(RolloutConflictException.class).hasMessageContaining("rollout ro-7 is in flight");

            try (RolloutDriver driver = driver(rollouts, publisher, writtenBack::add).start()) {
                assertThat(writtenBack).containsExactly(7L);
                RolloutRecord reverted = rollouts.get("ro-7").orElseThrow();
                assertThat(reverted.state()).isEqualTo(RolloutState.REVERTED);
                assertThat(reverted.reason()).isEqualTo("control plane restarted during the bake");
                rollouts.checkIdle(ConfigKind.POLICY, "orders");
            }
        }
        try (Store store = Store.open(dir); SnapshotPublisher publisher = publisher()) {
            Rollouts rollouts = rollouts(store, publisher);
            assertThat(rollouts.interrupted()).isEmpty();
            assertThat(rollouts.ofRevision(7)).get().extracting(RolloutRecord::state)
                    .isEqualTo(RolloutState.REVERTED);
        }
    }

    private SnapshotPublisher publisher() {
        return new SnapshotPublisher(new SnapshotBuilder("mesh.local"), Checks.guard(), new XdsMetrics(meters));
    }

    private Rollouts rollouts(Store store, SnapshotPublisher publisher) {
        return new Rollouts(publisher, new SidecarDirectory(clock), loads(), store, clock, meters);
    }

    private RolloutDriver driver(Rollouts rollouts, SnapshotPublisher publisher, Reverter reverter) {
        return new RolloutDriver(rollouts, new SidecarDirectory(clock), publisher, loads(), reverter, clock,
                Duration.ofHours(1));
    }

    private NodeLoads loads() {
        return new NodeLoads(clock, Duration.ofSeconds(1), Duration.ofHours(1));
    }
}
