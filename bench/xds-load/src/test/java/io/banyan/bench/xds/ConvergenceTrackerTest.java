package io.banyan.bench.xds;

import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConvergenceTrackerTest {

    private static final String ORDERS = "orders";

    private final FakeNode declaresOrders = new FakeNode(ORDERS);
    private final FakeNode holdsOrders = new FakeNode("billing").holding(ORDERS);
    private final FakeNode unrelated = new FakeNode("billing").holding("billing");
    private final List<FakeNode> nodes = List.of(declaresOrders, holdsOrders, unrelated);
    private final List<Change> settled = new ArrayList<>();
    private final ConvergenceTracker tracker = new ConvergenceTracker(nodes, settled::add);

    @Test
    void a_change_affects_the_nodes_that_declare_or_hold_its_service() {
        assertThat(AffectedNodes.of(ORDERS, nodes)).containsExactly(0, 1);
        assertThat(AffectedNodes.of("billing", nodes)).containsExactly(1, 2);
        assertThat(AffectedNodes.of("payments", nodes)).isEmpty();
    }

    @Test
    void before_scoping_every_node_holds_every_service_and_is_affected() {
        List<FakeNode> unscoped = List.of(new FakeNode("a").holding("a", "b", "c"), new FakeNode("b").holding("a", "b", "c"));
        assertThat(AffectedNodes.of("c", unscoped)).containsExactly(0, 1);
    }

    @Test
    void a_change_completes_at_the_last_affected_node_and_is_timed_from_the_write_ack() {
        ConvergenceTracker.Pending pending = tracker.expect(timeout(250));
        assertThat(pending.affected()).isEqualTo(2);
        tracker.acknowledged(pending, 1_000);

        setTimeout(declaresOrders, 250);
        tracker.applied(0, 3_000);
        setTimeout(unrelated, 250);
        tracker.applied(2, 4_000);
        assertThat(tracker.pendingCount()).isEqualTo(1);

        tracker.applied(1, 9_000);
        assertThat(tracker.pendingCount()).isEqualTo(1);
        setTimeout(holdsOrders, 250);
        tracker.applied(1, 11_000);

        ConvergenceTracker.Result result = tracker.result();
        assertThat(tracker.pendingCount()).isZero();
        assertThat(result.completed()).isEqualTo(1);
        assertThat(result.latency().maxMs()).isEqualTo(0.01);
        assertThat(result.affectedPerChange()).isEqualTo(2.0);
        assertThat(settled).extracting(Change::service).containsExactly(ORDERS);
    }

    @Test
    void nodes_that_got_there_before_the_write_was_acknowledged_count_as_zero() {
        ConvergenceTracker.Pending pending = tracker.expect(timeout(300));
        setTimeout(declaresOrders, 300);
        setTimeout(holdsOrders, 300);
        tracker.applied(0, 500);
        tracker.applied(1, 600);
        assertThat(tracker.pendingCount()).isEqualTo(1);

        tracker.acknowledged(pending, 700);

        assertThat(tracker.result().completed()).isEqualTo(1);
        assertThat(tracker.result().latency().maxMs()).isZero();
    }

    @Test
    void a_change_no_node_reflects_expires_with_its_waiting_nodes_counted() {
        ConvergenceTracker.Pending pending = tracker.expect(timeout(400));
        tracker.acknowledged(pending, 0);
        setTimeout(declaresOrders, 400);
        tracker.applied(0, 10);

        tracker.expire(99, 100);
        assertThat(tracker.pendingCount()).isEqualTo(1);
        tracker.expire(101, 100);

        ConvergenceTracker.Result result = tracker.result();
        assertThat(result.expired()).isEqualTo(1);
        assertThat(result.expiredWaiting()).isEqualTo(1);
        assertThat(result.completed()).isZero();
        assertThat(settled).hasSize(1);
    }

    @Test
    void a_failed_write_settles_the_change_without_a_latency() {
        ConvergenceTracker.Pending pending = tracker.expect(timeout(500));
        tracker.writeFailed(pending);
        assertThat(tracker.result().failed()).isEqualTo(1);
        assertThat(tracker.result().latency().count()).isZero();
        assertThat(settled).hasSize(1);
        assertThat(tracker.pendingCount()).isZero();
    }

    private static Change timeout(long millis) {
        return new Change(Change.Kind.POLICY, "", new Expectation.ConnectTimeout(ORDERS, millis));
    }

    private static void setTimeout(FakeNode node, long millis) {
        node.clusters.put(ORDERS, Cluster.newBuilder().setName(ORDERS)
                .setConnectTimeout(Duration.newBuilder().setNanos((int) (millis * 1_000_000))).build());
    }
}
