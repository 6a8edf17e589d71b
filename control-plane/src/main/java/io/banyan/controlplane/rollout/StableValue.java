package io.banyan.controlplane.rollout;

import io.banyan.controlplane.authz.AllowList;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.authz.DefaultMode;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.route.GatewayRoutes;
import io.banyan.controlplane.route.OwnedRoutes;
import io.banyan.controlplane.route.RouteOwner;
import io.banyan.controlplane.route.RouteSnapshot;
import io.banyan.controlplane.route.ServiceRoutes;
import io.banyan.controlplane.xds.ConfigView;

import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * One configuration object at its value before a staged write (absent: it did not exist): applied to a
 * {@link ConfigView}, the view with that object put back, every other object as it is.
 */
@FunctionalInterface
public interface StableValue extends UnaryOperator<ConfigView> {

    /** A service's traffic policy as it was (empty: none, the defaults). */
    static StableValue policy(String service, Optional<TrafficPolicy> before) {
        return view -> {
            TreeMap<String, TrafficPolicy> policies = new TreeMap<>(view.policies().policies());
            before.ifPresentOrElse(policy -> policies.put(service, policy), () -> policies.remove(service));
            return new ConfigView(new PolicySnapshot(view.policies().revision(), policies), view.authorizations(),
                    view.routes());
        };
    }

    /** A service's allow list as it was (empty: none, the default applies). */
    static StableValue allowList(String service, Optional<AllowList> before) {
        return view -> {
            AuthorizationSnapshot now = view.authorizations();
            TreeMap<String, AllowList> lists = new TreeMap<>(now.lists());
            before.ifPresentOrElse(list -> lists.put(service, list), () -> lists.remove(service));
            return new ConfigView(view.policies(), new AuthorizationSnapshot(now.revision(), lists, now.mode()),
                    view.routes());
        };
    }

    /** The mesh-wide authorization default as it was. */
    static StableValue defaultMode(DefaultMode before) {
        return view -> new ConfigView(view.policies(), new AuthorizationSnapshot(view.authorizations().revision(),
                view.authorizations().lists(), before), view.routes());
    }

    /** The operator routes of a service or gateway as they were (empty: none). */
    static StableValue routes(RouteOwner owner, String name, Optional<OwnedRoutes> before) {
        return view -> {
            RouteSnapshot now = view.routes();
            TreeMap<String, ServiceRoutes> services = new TreeMap<>(now.services());
            TreeMap<String, GatewayRoutes> gateways = new TreeMap<>(now.gateways());
            if (owner == RouteOwner.SERVICE) {
                services.remove(name);
            } else {
                gateways.remove(name);
            }
            RouteSnapshot without = new RouteSnapshot(now.revision(), services, gateways);
            return new ConfigView(view.policies(), view.authorizations(), before.map(without::with).orElse(without));
        };
    }
}
