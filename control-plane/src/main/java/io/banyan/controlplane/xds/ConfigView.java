package io.banyan.controlplane.xds;

import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.route.RouteSnapshot;

import java.util.Objects;

/** The configuration a node's snapshot is built from: the policies, authorization rules and operator routes. */
public record ConfigView(PolicySnapshot policies, AuthorizationSnapshot authorizations, RouteSnapshot routes) {

    public ConfigView {
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(authorizations, "authorizations");
        Objects.requireNonNull(routes, "routes");
    }
}
