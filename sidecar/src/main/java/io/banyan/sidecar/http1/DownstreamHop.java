package io.banyan.sidecar.http1;

/**
 * Who sits on the other end of a listener's connections, which decides what of the forwarding headers it sent is
 * kept ({@link ForwardedHeaders}). As Envoy: the edge trusts nothing, the first hop sets the scheme, an internal hop
 * keeps the scheme the mesh peer saw.
 */
public enum DownstreamHop {

    /**
     * A client outside the mesh, at an edge gateway's listener: its {@code x-forwarded-*}, {@code forwarded} and
     * {@code x-request-id} are dropped; the chain is its address alone, the scheme its connection's.
     */
    EDGE_CLIENT,

    /** The app behind a sidecar's outbound listener, the first hop: its chain is extended, the scheme is set. */
    LOCAL_APP,

    /**
     * A mesh peer on an inbound listener (mutual TLS): its chain is extended, the scheme it sent is kept (the
     * client's, as the gateway or the first sidecar set it) and set from the connection only when absent.
     */
    MESH_PEER;

    /** The hop of a listener: inbound listeners face mesh peers, an edge gateway's others face clients. */
    public static DownstreamHop of(boolean inboundListener, boolean edgeGateway) {
        if (inboundListener) {
            return MESH_PEER;
        }
        return edgeGateway ? EDGE_CLIENT : LOCAL_APP;
    }
}
