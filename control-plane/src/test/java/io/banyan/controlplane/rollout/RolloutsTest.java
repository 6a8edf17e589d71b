package io.banyan.controlplane.rollout;

import io.banyan.controlplane.loadstats.NodeLoads;
import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.xds.SidecarDirectory;
import io.banyan.controlplane.xds.SnapshotPublisher;
import io.banyan.controlplane.xds.XdsMetrics;
import io.banyan.controlplane.xds.snapshot.Checks;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bounds of staging: one rollout per object, 16 in flight, named canaries connected, a failed write stages nothing. */
class RolloutsTest {

    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SnapshotPublisher publisher = new SnapshotPublisher(new SnapshotBuilder("mesh.local"),
            Checks.guard(), new XdsMetrics(meters));
    private final NodeLoads loads = new NodeLoads(clock, Duration.ofSeconds(1), Duration.ofHours(1));
    private final Rollouts rollouts = new Rollouts(publisher, new SidecarDirectory(clock), loads, clock, meters);
    private final AtomicInteger revision = new AtomicInteger();

    @AfterEach
    void close() {
        publisher.close();
    }

    @Test
    void atMostSixteenInFlightAndOnePerObject() {
        for (int i = 0; i < Rollouts.MAX_IN_FLIGHT; i++) {
            stage("svc-" + i);
        }
        assertThat(loads.watching()).isTrue();

        assertThatThrownBy(() -> stage("svc-0")).isInstanceOf(RolloutConflictException.class)
                .hasMessage("policy 'svc-0': rollout ro-1 is in flight (expected: wait until it is promoted or"
                        + " reverted, GET /v1/rollouts/ro-1)");
        assertThatThrownBy(() -> stage("other")).isInstanceOf(RolloutConflictException.class)
                .hasMessageStartingWith("rollouts: 16 in flight (expected: at most 16");

        assertThat(rollouts.finish("ro-1", RolloutState.PROMOTED, null)).isTrue();
        assertThat(rollouts.finish("ro-1", RolloutState.PROMOTED, null)).isFalse();
        stage("other");
        assertThat(rollouts.all()).hasSize(Rollouts.MAX_IN_FLIGHT + 1);
        assertThat(meters.get(MetricNames.ROLLOUTS).tag("outcome", "promoted").counter().count()).isEqualTo(1);
    }

    @Test
    void namedCanariesMustBeConnected() {
        Rollout named = new Rollout(null, List.of("sidecar~web~9"), Duration.ofSeconds(30), 0.01, 20);

        assertThatThrownBy(() -> rollouts.stage(ConfigKind.POLICY, "orders", named, view -> view,
                revision::incrementAndGet)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("rollout.nodes: 'sidecar~web~9' is not connected");
        assertThat(revision).hasValue(0);
        rollouts.checkIdle(ConfigKind.POLICY, "orders");
    }

    @Test
    void aWriteThatFailsStagesNothing() {
        assertThatThrownBy(() -> rollouts.stage(ConfigKind.POLICY, "orders", Rollout.canary(10,
                Duration.ofSeconds(30)), view -> view, () -> {
                    throw new IllegalStateException("refused");
                })).hasMessage("refused");

        rollouts.checkIdle(ConfigKind.POLICY, "orders");
        assertThat(rollouts.all()).isEmpty();
    }

    private void stage(String service) {
        rollouts.stage(ConfigKind.POLICY, service, Rollout.canary(10, Duration.ofSeconds(30)), view -> view,
                revision::incrementAndGet);
    }
}
