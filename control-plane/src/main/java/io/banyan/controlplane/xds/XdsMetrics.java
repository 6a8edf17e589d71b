package io.banyan.controlplane.xds;

import io.banyan.controlplane.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** The xDS server's meters: connected sidecars, snapshot pushes, ACKs and NACKs by resource type. */
public final class XdsMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger connected = new AtomicInteger();
    private final Counter pushes;

    public XdsMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(MetricNames.XDS_CONNECTED_SIDECARS, connected, AtomicInteger::get)
                .description("xDS clients with an open ADS stream")
                .register(registry);
        this.pushes = Counter.builder(MetricNames.XDS_PUSHES)
                .description("Snapshots pushed (one per node and change)")
                .register(registry);
    }

    void connected(int sidecars) {
        connected.set(sidecars);
    }

    void pushed() {
        pushes.increment();
    }

    void response(String typeUrl, AckResult result) {
        if (result == AckResult.NONE) {
            return;
        }
        registry.counter(MetricNames.XDS_RESPONSES, "type", shortType(typeUrl), "result", result.tag()).increment();
    }

    /** cluster, endpoint, listener, route, secret, or other. */
    static String shortType(String typeUrl) {
        return switch (typeUrl) {
            case "type.googleapis.com/envoy.config.cluster.v3.Cluster" -> "cluster";
            case "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment" -> "endpoint";
            case "type.googleapis.com/envoy.config.listener.v3.Listener" -> "listener";
            case "type.googleapis.com/envoy.config.route.v3.RouteConfiguration" -> "route";
            case "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret" -> "secret";
            default -> "other";
        };
    }
}
