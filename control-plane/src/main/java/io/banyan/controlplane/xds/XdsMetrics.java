package io.banyan.controlplane.xds;

import io.banyan.controlplane.ca.RequireWorkloadIdentity;
import io.banyan.controlplane.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * The xDS server's meters: connected sidecars, tracked nodes, snapshot pushes, responses sent and ACKs and NACKs
 * received by resource type, refused streams by reason.
 */
public final class XdsMetrics {

    /** The closed tag set of {@link MetricNames#XDS_INVALID_RESOURCES}. */
    static final List<String> INVALID_KINDS = List.of("cluster", "endpoint", "listener", "route");

    private final MeterRegistry registry;
    private final AtomicInteger connected = new AtomicInteger();
    private final Counter pushes;
    private final Counter builds;

    public XdsMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(MetricNames.XDS_CONNECTED_SIDECARS, connected, AtomicInteger::get)
                .description("xDS clients with an open ADS stream")
                .register(registry);
        this.pushes = Counter.builder(MetricNames.XDS_PUSHES)
                .description("Snapshots pushed (one per node and change)")
                .register(registry);
        this.builds = Counter.builder(MetricNames.XDS_NODE_BUILDS)
                .description("Node snapshots built (only the nodes a change affects are built)")
                .register(registry);
        for (StreamRefusal reason : StreamRefusal.values()) {
            registry.counter(MetricNames.XDS_STREAMS_REFUSED, "reason", reason.tag()); // at 0 before the first refusal
        }
    }

    /** Exposes how many nodes {@code admission} tracks. */
    public void trackedNodes(NodeAdmission admission) {
        Gauge.builder(MetricNames.XDS_TRACKED_NODES, admission, NodeAdmission::trackedNodes)
                .description("xDS nodes whose state is kept: connected, or disconnected within the retention")
                .register(registry);
    }

    /** Counts a refused stream (the tag set is the closed {@link StreamRefusal}). */
    public void refused(StreamRefusal reason) {
        registry.counter(MetricNames.XDS_STREAMS_REFUSED, "reason", reason.tag()).increment();
    }

    /** For {@link RequireWorkloadIdentity} on the discovery services: counts each refusal as unauthenticated. */
    public RequireWorkloadIdentity.RefusalListener unauthenticated() {
        return (method, status) -> refused(StreamRefusal.UNAUTHENTICATED);
    }

    /** Exposes, per kind, how many distinct resources are held back from the published snapshots. */
    void invalidResources(ToIntFunction<String> countOfKind) {
        for (String kind : INVALID_KINDS) {
            Gauge.builder(MetricNames.XDS_INVALID_RESOURCES, () -> countOfKind.applyAsInt(kind))
                    .description("Resources held back from the published snapshots because the sidecars would refuse them")
                    .tag("kind", kind)
                    .register(registry);
        }
    }

    void connected(int sidecars) {
        connected.set(sidecars);
    }

    void pushed() {
        pushes.increment();
    }

    void built() {
        builds.increment();
    }

    /** A discovery response of {@code typeUrl} was sent on a stream. */
    void sent(String typeUrl) {
        registry.counter(MetricNames.XDS_RESPONSES_SENT, "type", shortType(typeUrl)).increment();
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
