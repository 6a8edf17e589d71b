package io.banyan.dataplane.xds;

import java.util.Optional;

/**
 * The xDS v3 resource types the sidecar subscribes to over ADS, in Envoy's order of dependency; the app configuration
 * (SDS) last, which nothing else depends on.
 */
public enum XdsType {
    CLUSTER("type.googleapis.com/envoy.config.cluster.v3.Cluster", "cluster", true),
    ENDPOINT("type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment", "endpoint", false),
    LISTENER("type.googleapis.com/envoy.config.listener.v3.Listener", "listener", true),
    ROUTE("type.googleapis.com/envoy.config.route.v3.RouteConfiguration", "route", false),
    /** SDS: the app configuration of the sidecar's own service ({@code app-config/<service>}), by name. */
    SECRET("type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret", "secret", false);

    private final String typeUrl;
    private final String shortName;
    private final boolean wildcard;

    XdsType(String typeUrl, String shortName, boolean wildcard) {
        this.typeUrl = typeUrl;
        this.shortName = shortName;
        this.wildcard = wildcard;
    }

    public String typeUrl() {
        return typeUrl;
    }

    /** The metric tag value: cluster, endpoint, listener, route, secret. */
    public String shortName() {
        return shortName;
    }

    /** State-of-the-world wildcard types (CDS, LDS): a response holds every resource; absent ones are removed. */
    public boolean wildcard() {
        return wildcard;
    }

    public static Optional<XdsType> ofTypeUrl(String typeUrl) {
        for (XdsType type : values()) {
            if (type.typeUrl.equals(typeUrl)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
