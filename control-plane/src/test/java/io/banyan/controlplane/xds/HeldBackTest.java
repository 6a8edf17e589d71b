package io.banyan.controlplane.xds;

import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.xds.snapshot.InvalidResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What is held back is reported once however many nodes it concerns, counted per kind, and gone with its nodes. */
class HeldBackTest {

    private static final InvalidResource ORDERS_HOST = new InvalidResource("orders", "route", "outbound/orders",
            "route_config outbound: virtual_host 'orders' routes[0] retry_policy.retryOn: 'x'");
    private static final InvalidResource ORDERS_TABLE = new InvalidResource("orders", "route", "upstream|orders",
            "route_config upstream|orders: retry_policy.retryOn: 'x'");
    private static final InvalidResource PAYMENTS = new InvalidResource("payments", "cluster", "payments",
            "cluster payments: lb_policy CLUSTER_PROVIDED");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HeldBack heldBack = new HeldBack();

    @Test
    void reportsEachResourceOnceAndCountsThemPerKindUntilTheirNodesAreForgotten() {
        new XdsMetrics(meters).invalidResources(heldBack::count);
        heldBack.record("web-1", List.of(ORDERS_HOST, PAYMENTS));
        heldBack.record("web-2", List.of(ORDERS_HOST, ORDERS_TABLE));
        heldBack.settle();

        assertThat(heldBack.current()).containsExactlyInAnyOrder(ORDERS_HOST, ORDERS_TABLE, PAYMENTS);
        assertThat(gauge("route")).isEqualTo(2);
        assertThat(gauge("cluster")).isEqualTo(1);
        assertThat(gauge("listener")).isZero();

        heldBack.record("web-1", List.of());
        heldBack.forget("web-2");
        heldBack.settle();

        assertThat(heldBack.current()).isEmpty();
        assertThat(gauge("route")).isZero();
    }

    private double gauge(String kind) {
        return meters.get(MetricNames.XDS_INVALID_RESOURCES).tag("kind", kind).gauge().value();
    }
}
