package io.banyan.controlplane.route;

/** Whose routes: a service's (traffic addressed to it) or an edge gateway's. */
public enum RouteOwner {

    SERVICE("service", ServiceRoutes.class),
    GATEWAY("gateway", GatewayRoutes.class);

    private final String field;
    private final Class<? extends OwnedRoutes> type;

    RouteOwner(String field, Class<? extends OwnedRoutes> type) {
        this.field = field;
        this.type = type;
    }

    /** The JSON field naming the owner: {@code service} or {@code gateway}. */
    public String field() {
        return field;
    }

    Class<? extends OwnedRoutes> type() {
        return type;
    }
}
