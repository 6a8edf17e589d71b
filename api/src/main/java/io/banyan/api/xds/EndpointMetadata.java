package io.banyan.api.xds;

/**
 * Keys under {@code LbEndpoint.metadata.filter_metadata["banyan"]} in a ClusterLoadAssignment.
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

    private EndpointMetadata() {
    }
}
