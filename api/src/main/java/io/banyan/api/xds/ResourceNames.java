package io.banyan.api.xds;

/**
 * How Banyan names xDS resources; the control plane generates them and the sidecar (and any Envoy)
 * consumes them. One Cluster and one ClusterLoadAssignment per service, named after the service.
 */
public final class ResourceNames {

    /** RouteConfiguration of the shared outbound listener: one virtual host per service, by Host. */
    public static final String OUTBOUND_ROUTES = "outbound";
    /** RouteConfiguration of the inbound listener: everything to the local app. */
    public static final String INBOUND_ROUTES = "inbound";
    /** Prefix of the local-app cluster, followed by the app port: {@code inbound|8080}. */
    public static final String INBOUND_CLUSTER_PREFIX = "inbound|";

    private ResourceNames() {
    }

    /** The Cluster (and ClusterLoadAssignment) of a service. */
    public static String cluster(String service) {
        return service;
    }

    /** The RouteConfiguration of an explicit upstream port bound to one service: {@code upstream|orders}. */
    public static String upstreamRoutes(String service) {
        return "upstream|" + service;
    }

    /** The route table of gateway {@code name}: its operator routes by virtual host. */
    public static String gatewayRoutes(String name) {
        return "gateway|" + name;
    }

    /** The route metadata key ({@code filter_metadata}) of a migration route's shadow comparison. */
    public static final String SHADOW_METADATA = "io.banyan.shadow";

    /**
     * A cluster of migration {@code migration}: {@code migration|orders-move|from}; {@code side} is {@code from},
     * {@code to} or {@code shadow}. Each is a copy of its service's cluster, so load reports tell the sides apart.
     */
    public static String migrationCluster(String migration, String side) {
        return "migration|" + migration + "|" + side;
    }

    /** The Envoy Route a migration writes, first in its table: {@code migration/orders-move}. */
    public static String migrationRoute(String migration) {
        return "migration/" + migration;
    }

    /** Listener names: {@code outbound|15001}, {@code outbound|9001}, {@code inbound|15006}. */
    public static String outboundListener(int port) {
        return "outbound|" + port;
    }

    public static String inboundListener(int port) {
        return "inbound|" + port;
    }

    /** Prefix of the SDS Secret holding a service's app configuration. */
    public static final String APP_CONFIG_PREFIX = "app-config/";

    /** The SDS Secret of {@code service}'s app configuration, sent only to that service's nodes: {@code app-config/orders}. */
    public static String appConfig(String service) {
        return APP_CONFIG_PREFIX + service;
    }

    public static String inboundCluster(int appPort) {
        return INBOUND_CLUSTER_PREFIX + appPort;
    }
}
