package io.banyan.controlplane.rollout;

import io.banyan.controlplane.loadstats.NodeLoads;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredRollout;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A replica's rollouts follow the store's {@code rollouts} map: another replica's rollout staged, finished and removed
 * shows in flight (its object's writes refused), then in the history, then not at all, and is never decided here; a
 * rollout staged here that another replica finished drops its overlay. The other replica is simulated by a second
 * {@link Rollouts} on the same embedded store (which never calls followers: the test tells this one).
 */
class RolloutFollowTest {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void anotherReplicasRolloutIsInFlightThenHistoryThenGone() {
        try (Store store = Store.open(dir); SnapshotPublisher mine = publisher(); SnapshotPublisher theirs =
                publisher()) {
            Rollouts here = rollouts(store, mine);
            Rollouts other = rollouts(store, theirs);
            other.stage(ConfigKind.POLICY, "orders", Rollout.canary(10, Duration.ofSeconds(30)), view -> view,
                    () -> 7);
            here.changed(store.rollouts().name(), "ro-7", "ignored");

            assertThat(here.get("ro-7")).get().extracting(RolloutRecord::state).isEqualTo(RolloutState.BAKING);
            assertThat(here.baking()).isEmpty();
            assertThatThrownBy(() -> here.checkIdle(ConfigKind.POLICY, "orders"))
                    .isInstanceOf(RolloutConflictException.class).hasMessageContaining("rollout ro-7 is in flight");

            other.finish("ro-7", RolloutState.PROMOTED, null);
            here.changed(store.rollouts().name(), "ro-7", "ignored");
            assertThat(here.get("ro-7")).get().extracting(RolloutRecord::state).isEqualTo(RolloutState.PROMOTED);
            assertThat(here.all()).hasSize(1);
            here.checkIdle(ConfigKind.POLICY, "orders");

            store.rollouts().remove("ro-7");
            here.changed(store.rollouts().name(), "ro-7", null);
            assertThat(here.all()).isEmpty();
        }
    }

    @Test
    void aRolloutStagedHereThatAnotherReplicaRevertedIsNoLongerDrivenHere() {
        try (Store store = Store.open(dir); SnapshotPublisher publisher = publisher()) {
            Rollouts here = rollouts(store, publisher);
            here.stage(ConfigKind.POLICY, "orders", Rollout.canary(10, Duration.ofSeconds(30)), view -> view, () -> 8);
            assertThat(here.baking()).extracting(RolloutRecord::id).containsExactly("ro-8");

            StoredRollout baking = store.rollouts().get("ro-8").orElseThrow();
            store.rollouts().put("ro-8", new StoredRollout(baking.id(), baking.revision(), "reverted",
                    baking.json().replace("\"state\":\"baking\"", "\"state\":\"reverted\""), clock.instant(),
                    "replica-b"));
            here.changed(store.rollouts().name(), "ro-8", "ignored");

            assertThat(here.baking()).isEmpty();
            assertThat(here.get("ro-8")).get().extracting(RolloutRecord::state).isEqualTo(RolloutState.REVERTED);
            here.checkIdle(ConfigKind.POLICY, "orders");
        }
    }

    @Test
    void reloadedRereadsEverythingKeepingWhatIsStagedHere() {
        try (Store store = Store.open(dir); SnapshotPublisher mine = publisher(); SnapshotPublisher theirs =
                publisher()) {
            Rollouts here = rollouts(store, mine);
            here.stage(ConfigKind.POLICY, "orders", Rollout.canary(10, Duration.ofSeconds(30)), view -> view, () -> 8);
            Rollouts other = rollouts(store, theirs);
            other.stage(ConfigKind.POLICY, "billing", Rollout.canary(10, Duration.ofSeconds(30)), view -> view,
                    () -> 9);
            other.stage(ConfigKind.POLICY, "users", Rollout.canary(10, Duration.ofSeconds(30)), view -> view,
                    () -> 10);
            other.finish("ro-10", RolloutState.REVERTED, "a canary NACKed");

            here.reloaded();

            assertThat(here.baking()).extracting(RolloutRecord::id).containsExactly("ro-8");
            assertThat(here.all()).extracting(RolloutRecord::id).containsExactly("ro-8", "ro-9", "ro-10");
            assertThatThrownBy(() -> here.checkIdle(ConfigKind.POLICY, "billing"))
                    .isInstanceOf(RolloutConflictException.class);
        }
    }

    private SnapshotPublisher publisher() {
        return new SnapshotPublisher(new SnapshotBuilder("mesh.local"), Checks.guard(), new XdsMetrics(meters));
    }

    private Rollouts rollouts(Store store, SnapshotPublisher publisher) {
        return new Rollouts(publisher, new SidecarDirectory(clock), loads(), store, clock, new SimpleMeterRegistry());
    }

    private NodeLoads loads() {
        return new NodeLoads(clock, Duration.ofSeconds(1), Duration.ofHours(1));
    }
}
