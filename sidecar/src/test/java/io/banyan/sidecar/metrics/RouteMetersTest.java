package io.banyan.sidecar.metrics;

import io.banyan.dataplane.config.TrafficDirection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Route series exist only for the named routes of the current config. */
class RouteMetersTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final RequestMetrics metrics = new RequestMetrics(registry);

    @Test
    void aNamedRouteOfTheConfigIsCountedBesideItsService() {
        metrics.routes().retainOnly(List.of("canary", ""));
        ServiceMeters orders = metrics.service("orders");

        orders.onRoute("canary").recordRequest(TrafficDirection.OUTBOUND, 200, 1_000_000);
        orders.onRoute("").recordRequest(TrafficDirection.OUTBOUND, 200, 1_000_000);
        orders.onRoute("unlisted").recordRequest(TrafficDirection.OUTBOUND, 200, 1_000_000);

        assertThat(registry.get(MetricNames.ROUTE_REQUESTS).tags("route", "canary", "service", "orders",
                "status_class", "2xx").timer().count()).isEqualTo(1);
        assertThat(registry.find(MetricNames.ROUTE_REQUESTS).meters()).hasSize(1);
        assertThat(registry.get(MetricNames.REQUESTS).tag("service", "orders").timer().count()).isEqualTo(3);
    }

    @Test
    void aRouteThatLeftTheConfigLosesItsSeries() {
        metrics.routes().retainOnly(List.of("canary"));
        metrics.service("orders").onRoute("canary").recordRequest(TrafficDirection.OUTBOUND, 503, 1_000_000);

        metrics.routes().retainOnly(List.of("stable"));

        assertThat(registry.find(MetricNames.ROUTE_REQUESTS).meters()).isEmpty();
        assertThat(metrics.routes().counts("canary")).isFalse();
    }

    @Test
    void aRouteThatLeftTheConfigLosesItsPerServiceViews() {
        ServiceMeters orders = metrics.service("orders");
        metrics.routes().retainOnly(List.of("canary"));
        ServiceMeters canary = orders.onRoute("canary");
        assertThat(canary).isNotSameAs(orders).isSameAs(orders.onRoute("canary"));

        metrics.routes().retainOnly(List.of("stable"));
        assertThat(orders.onRoute("canary")).isSameAs(orders);
        metrics.routes().retainOnly(List.of("canary"));

        assertThat(orders.onRoute("canary")).isNotSameAs(canary).isNotSameAs(orders); // the old view was dropped
    }

    @Test
    void aViewKeptByARequestAcrossAConfigChangeRecordsNoSeriesForTheRouteThatLeft() {
        metrics.routes().retainOnly(List.of("canary"));
        ServiceMeters canary = metrics.service("orders").onRoute("canary");

        metrics.routes().retainOnly(List.of("stable"));
        canary.recordRequest(TrafficDirection.OUTBOUND, 200, 1_000_000);

        assertThat(registry.find(MetricNames.ROUTE_REQUESTS).meters()).isEmpty();
    }
}
