package io.banyan.api.xds;

/**
 * Keys of the xDS {@code Node.metadata} struct a Banyan sidecar sends. The control plane builds each
 * sidecar's Listeners and RouteConfigurations from them, as Istio does from its proxy metadata.
 *
 * <p>Node id: {@code sidecar~<service>~<host>~<unique>}. Node cluster: the service name. The values are written
 * and read by {@link NodeMetadataCodec}; the defaults below apply to a key a node leaves out.
 */
public final class NodeMetadata {

    /** string: the service this sidecar's instance belongs to (its identity). */
    public static final String SERVICE = "BANYAN_SERVICE";
    /**
     * list of strings {@code "<service>=<port>"}: explicit outbound listeners on 127.0.0.1; the entry
     * {@code "*"} ({@link Upstream#ALL}) opts the sidecar into every service through its shared outbound port.
     */
    public static final String UPSTREAMS = "BANYAN_UPSTREAMS";
    /** The most {@link #UPSTREAMS} entries a node may declare (more are a problem and skipped: a node's scope is bounded). */
    public static final int MAX_UPSTREAMS = 1_000;
    /** number: the shared outbound port that routes by Host (default 15001); 0 = none. */
    public static final String OUTBOUND_PORT = "BANYAN_OUTBOUND_PORT";
    /** number: the inbound port (default 15006); absent or 0 for a client-only sidecar. */
    public static final String INBOUND_PORT = "BANYAN_INBOUND_PORT";
    /** number: the local app's port behind the inbound listener; absent for a client-only sidecar. */
    public static final String APP_PORT = "BANYAN_APP_PORT";
    /**
     * string: what the local app speaks, {@code http} (default), {@code http2}, {@code grpc} or {@code tcp}; a
     * {@code tcp} app gets an inbound listener that proxies opaque bytes.
     */
    public static final String APP_PROTOCOL = "BANYAN_APP_PROTOCOL";
    /** string: the address outbound listeners bind (default 127.0.0.1). */
    public static final String OUTBOUND_ADDRESS = "BANYAN_OUTBOUND_ADDRESS";
    /** string: the address the inbound listener binds (default 0.0.0.0). */
    public static final String INBOUND_ADDRESS = "BANYAN_INBOUND_ADDRESS";
    /** string: the sidecar's zone, also sent as the node's locality zone. */
    public static final String ZONE = "BANYAN_ZONE";
    /** The gateway's name when the node is an edge gateway (no app, no inbound); absent for a sidecar. */
    public static final String GATEWAY = "BANYAN_GATEWAY";

    /** The shared outbound port of a node that names none. */
    public static final int DEFAULT_OUTBOUND_PORT = 15001;
    /** The inbound port of a node with an app that names none. */
    public static final int DEFAULT_INBOUND_PORT = 15006;
    /** The address outbound listeners bind when a node names none. */
    public static final String DEFAULT_OUTBOUND_ADDRESS = "127.0.0.1";
    /** The address the inbound listener binds when a node names none. */
    public static final String DEFAULT_INBOUND_ADDRESS = "0.0.0.0";
    /** The app protocol of a node that names none. */
    public static final String DEFAULT_APP_PROTOCOL = "http";

    private NodeMetadata() {
    }
}
