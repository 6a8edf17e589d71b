package io.banyan.api.xds;

/**
 * Keys under {@code metadata.filter_metadata["banyan"]}: of an LbEndpoint in a ClusterLoadAssignment
 * ({@link #INSTANCE_ID}, {@link #MESH}, {@link #VERSION}) and of a Cluster ({@link #PROTOCOL}, {@link #SERVICE}).
 * The endpoint's zone travels as the locality of its LocalityLbEndpoints, its weight as
 * {@code load_balancing_weight}.
 */
public final class EndpointMetadata {

    public static final String FILTER = "banyan";
    /** string: the registry's instance id. */
    public static final String INSTANCE_ID = "instance_id";
    /** bool: reached through its sidecar's inbound port (mutual TLS), not directly. */
    public static final String MESH = "mesh";
    /** string: the instance's version label (v1, v2, ...). */
    public static final String VERSION = "version";
    /** string: http, http2, grpc or tcp. */
    public static final String PROTOCOL = "protocol";
    /**
     * string, on a Cluster: the service its mesh endpoints belong to, whose SPIFFE id they must present; absent: the
     * cluster's own name (a migration's side cluster {@code migration|orders-move|to} names its service here).
     */
    public static final String SERVICE = "service";

    private EndpointMetadata() {
    }
}
