package io.banyan.controlplane.route;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/** The ordered routes of one owner, a service or a gateway. */
public sealed interface OwnedRoutes permits ServiceRoutes, GatewayRoutes {

    @JsonIgnore
    RouteOwner owner();

    /** The owner's name. */
    @JsonIgnore
    String name();

    List<OperatorRoute> routes();

    /** The same owner without routes. */
    OwnedRoutes withoutRoutes();

    /** Routes that can never match, one message each. */
    @JsonIgnore
    default List<String> warnings() {
        return RouteList.warnings(routes());
    }
}
