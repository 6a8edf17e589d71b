package io.banyan.controlplane.xds;

import java.util.Locale;

/** Why an ADS stream was refused before any node state was kept; the metric tag of {@code banyan_xds_streams_refused}. */
public enum StreamRefusal {
    /** No valid workload certificate. */
    UNAUTHENTICATED,
    /** The node claims a service (or a node id) its certificate does not prove. */
    PERMISSION_DENIED,
    /** Its identity holds {@link XdsLimits#maxStreamsPerIdentity()} streams already. */
    STREAM_LIMIT,
    /** {@link XdsLimits#maxNodes()} nodes are connected already. */
    NODE_LIMIT;

    /** The metric tag value: unauthenticated, permission_denied, stream_limit, node_limit. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
