package io.banyan.controlplane.xds;

import io.banyan.api.xds.NodeMetadata;
import io.banyan.certs.SpiffeId;
import io.banyan.controlplane.xds.snapshot.Fixtures;
import io.banyan.controlplane.xds.snapshot.SidecarNode;
import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may hold node state, how much of it, and when it is released: on a clock the test moves. */
class NodeAdmissionTest {

    private static final SpiffeId WEB = new SpiffeId("mesh.local", "web");
    private static final SpiffeId ORDERS = new SpiffeId("mesh.local", "orders");

    private final FakeClock clock = new FakeClock(Fixtures.T0);
    private final List<String> forgotten = new CopyOnWriteArrayList<>();
    private final NodeAdmission admission = admission(new XdsLimits(2, 3, Duration.ofMinutes(1)));

    private NodeAdmission admission(XdsLimits limits) {
        return new NodeAdmission(limits, clock, forgotten::add);
    }

    @AfterEach
    void close() {
        admission.close();
    }

    private static SidecarNode node(String id, String service) {
        return new SidecarNode(id, service, service, "", List.of(), NodeMetadata.DEFAULT_OUTBOUND_ADDRESS,
                NodeMetadata.DEFAULT_OUTBOUND_PORT, NodeMetadata.DEFAULT_INBOUND_ADDRESS, 0, 0, true, List.of());
    }

    private void assertRefused(long stream, SpiffeId identity, SidecarNode node, StreamRefusal reason,
                               String... messageParts) {
        assertThatThrownBy(() -> admission.admit(stream, identity, node))
                .isInstanceOfSatisfying(NodeRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(messageParts);
                });
    }

    @Test
    void aNodeMayOnlyClaimTheServiceOfItsCertificate() throws Exception {
        assertRefused(1, WEB, node("n1", "orders"), StreamRefusal.PERMISSION_DENIED,
                "spiffe://mesh.local/svc/orders", "spiffe://mesh.local/svc/web");
        assertRefused(2, WEB, node("n2", ""), StreamRefusal.PERMISSION_DENIED, "claims no service",
                "spiffe://mesh.local/svc/web");
        assertThat(admission.trackedNodes()).isZero();

        admission.admit(3, WEB, node("n3", "web"));
        assertThat(admission.trackedNodes()).isEqualTo(1);
    }

    @Test
    void aConnectedNodeIdCannotBeClaimedByAnotherService() throws Exception {
        admission.admit(1, WEB, node("shared", "web"));
        assertRefused(2, ORDERS, node("shared", "orders"), StreamRefusal.PERMISSION_DENIED,
                "spiffe://mesh.local/svc/web", "spiffe://mesh.local/svc/orders");

        admission.release(1);
        admission.admit(3, ORDERS, node("shared", "orders"));
        assertThat(admission.trackedNodes()).isEqualTo(1);
    }

    @Test
    void streamsPerIdentityAreBoundedAndFreedWhenTheyEnd() throws Exception {
        admission.admit(1, WEB, node("w1", "web"));
        admission.admit(2, WEB, node("w2", "web"));
        assertRefused(3, WEB, node("w3", "web"), StreamRefusal.STREAM_LIMIT, "spiffe://mesh.local/svc/web",
                "at most 2");
        admission.admit(4, ORDERS, node("o1", "orders"));

        admission.release(1);
        admission.admit(5, WEB, node("w3", "web"));
    }

    @Test
    void aFullTableForgetsTheLongestIdleNodeAndRefusesOnlyWhenAllAreConnected() throws Exception {
        admission.admit(1, WEB, node("w1", "web"));
        admission.admit(2, WEB, node("w2", "web"));
        admission.admit(3, ORDERS, node("o1", "orders"));
        assertRefused(4, ORDERS, node("o2", "orders"), StreamRefusal.NODE_LIMIT, "3 xDS nodes", "at most 3");

        admission.release(2);
        clock.advance(Duration.ofSeconds(1));
        admission.release(1);
        admission.admit(5, ORDERS, node("o2", "orders"));

        assertThat(forgotten).containsExactly("w2");
        assertThat(admission.trackedNodes()).isEqualTo(3);
    }

    @Test
    void anIdleNodeIsForgottenAfterTheRetentionUnlessItReconnects() throws Exception {
        admission.admit(1, WEB, node("w1", "web"));
        admission.admit(2, WEB, node("w2", "web"));
        admission.release(1);
        admission.release(2);
        admission.admit(3, WEB, node("w2", "web"));

        clock.advance(Duration.ofSeconds(59));
        admission.expire();
        assertThat(forgotten).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        admission.expire();
        assertThat(forgotten).containsExactly("w1");
        assertThat(admission.trackedNodes()).isEqualTo(1);
    }

    @Test
    void aNodeStaysWhileAnyOfItsStreamsIsOpen() throws Exception {
        admission.admit(1, WEB, node("w1", "web"));
        admission.admit(2, WEB, node("w1", "web"));
        admission.release(1);
        admission.release(1);

        clock.advance(Duration.ofHours(1));
        admission.expire();
        assertThat(forgotten).isEmpty();

        admission.release(2);
        clock.advance(Duration.ofMinutes(1));
        admission.expire();
        assertThat(forgotten).containsExactly("w1");
    }

    @Test
    void limitsSayWhatWasExpected() {
        assertThatThrownBy(() -> new XdsLimits(0, 1, Duration.ZERO))
                .hasMessage("xds-max-streams-per-identity: 0 (expected: an integer >= 1)");
        assertThatThrownBy(() -> new XdsLimits(1, 0, Duration.ZERO))
                .hasMessage("xds-max-nodes: 0 (expected: an integer >= 1)");
        assertThatThrownBy(() -> new XdsLimits(1, 1, Duration.ofSeconds(-1)))
                .hasMessage("xds-node-retention: PT-1S (expected: 0s..24h)");
    }
}
