package io.banyan.cli.ctl;

/** Whose ordered routes a ctl command reads or writes: a service's (traffic addressed to it) or a gateway's. */
enum RouteTable {
    SERVICE("services"),
    GATEWAY("gateways");

    private final String collection;

    RouteTable(String collection) {
        this.collection = collection;
    }

    /** {@code /v1/services/{name}/routes} or {@code /v1/gateways/{name}/routes}. */
    String path(String name) {
        return "/v1/" + collection + "/" + AdminCall.segment(name) + "/routes";
    }
}
