package io.banyan.controlplane.metrics;

/** Every metric name the control plane exports, in one place (Prometheus: prefixed {@code banyan_}). */
public final class MetricNames {

    /** Gauge: instances by service and health (healthy=true|false). */
    public static final String REGISTRY_INSTANCES = "banyan.registry.instances";
    /** Counter: registry changes by kind (register, deregister, expire, recover). */
    public static final String REGISTRY_CHANGES = "banyan.registry.changes";
    /** Counter: admin API requests by method and status code. */
    public static final String ADMIN_REQUESTS = "banyan.admin.requests";
    /** Gauge: sidecars with an open ADS stream. */
    public static final String XDS_CONNECTED_SIDECARS = "banyan.xds.connected.sidecars";
    /** Counter: snapshots pushed (one per node and change). */
    public static final String XDS_PUSHES = "banyan.xds.pushes";
    /** Counter: ACKs and NACKs received, by type and result (ack|nack). */
    public static final String XDS_RESPONSES = "banyan.xds.responses";
    /** Counter: registration calls by method and result (ok, or a gRPC status code). */
    public static final String REGISTRATION_CALLS = "banyan.registration.calls";

    private MetricNames() {
    }
}
