package io.banyan.controlplane.xds.snapshot;

import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.banyan.controlplane.route.OwnedRoutes;
import io.banyan.controlplane.route.RouteOwner;
import io.banyan.controlplane.route.RouteSnapshot;
import io.envoyproxy.controlplane.cache.v3.Snapshot;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Before operator routes are stored (or previewed): builds what they produce, with today's policies and the other
 * owners' routes, for the representative nodes of {@link PolicyCheck} (or an edge gateway of that name) and decodes
 * it with the sidecars' own translators. Whatever a sidecar would NACK is refused with a 400 naming {@code routes}.
 */
public final class RouteCheck {

    private final SnapshotBuilder builder;
    private final PolicyCheck check;
    private final Supplier<PolicySnapshot> policies;
    private final Supplier<RouteSnapshot> routes;

    public RouteCheck(SnapshotBuilder builder, PolicyCheck check, Supplier<PolicySnapshot> policies,
                      Supplier<RouteSnapshot> routes) {
        this.builder = builder;
        this.check = check;
        this.policies = policies;
        this.routes = routes;
    }

    /** @throws InvalidFieldException ({@code routes}) with the first reason a sidecar would refuse them */
    public void check(OwnedRoutes candidate) {
        List<String> errors = errors(candidate);
        if (!errors.isEmpty()) {
            throw new InvalidFieldException("routes", "routes: " + errors.get(0)
                    + " (expected: routes the sidecars and gateways accept)");
        }
    }

    /** Every message the sidecars' translators give for what {@code candidate} would publish. */
    public List<String> errors(OwnedRoutes candidate) {
        RouteSnapshot next = routes.get().with(candidate);
        PolicySnapshot policySnapshot = policies.get();
        RegistrySnapshot registry = PolicyCheck.registryOf(candidate.owner() == RouteOwner.SERVICE
                ? candidate.name() : null);
        Function<SidecarNode, Snapshot> build = node -> builder.build(node, registry, policySnapshot,
                AuthorizationSnapshot.empty(), next);
        return candidate.owner() == RouteOwner.SERVICE
                ? check.errors(candidate.name(), build)
                : check.gatewayErrors(candidate.name(), build);
    }
}
