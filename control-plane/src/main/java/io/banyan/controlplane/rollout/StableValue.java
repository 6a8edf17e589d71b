package io.banyan.controlplane.rollout;

import io.banyan.controlplane.authz.AllowList;
import io.banyan.controlplane.authz.DefaultMode;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.route.OwnedRoutes;
import io.banyan.controlplane.route.RouteOwner;
import io.banyan.controlplane.xds.snapshot.MeshConfig;
import io.banyan.dataplane.config.AppConfig;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One configuration object at its value before a staged write (absent: it did not exist): applied to a
 * {@link MeshConfig}, the configuration with that object put back, every other object as it is.
 */
@FunctionalInterface
public interface StableValue extends UnaryOperator<MeshConfig> {

    /** A service's traffic policy as it was (empty: none, the defaults). */
    static StableValue policy(String service, Optional<TrafficPolicy> before) {
        return config -> config.withPolicy(service, before.orElse(null));
    }

    /** A service's allow list as it was (empty: none, the default applies). */
    static StableValue allowList(String service, Optional<AllowList> before) {
        return config -> before.map(config::withAllowList).orElseGet(() -> config.withoutAllowList(service));
    }

    /** The mesh-wide authorization default as it was. */
    static StableValue defaultMode(DefaultMode before) {
        return config -> config.withDefaultMode(before);
    }

    /** The operator routes of a service or gateway as they were (empty: none). */
    static StableValue routes(RouteOwner owner, String name, Optional<OwnedRoutes> before) {
        return config -> before.map(config::withRoutes)
                .orElseGet(() -> config.with(config.routes().without(owner, name)));
    }

    /** A service's app configuration as it was delivered (empty: none). */
    static StableValue appConfig(String service, Optional<AppConfig> before) {
        return config -> config.withAppConfig(service, before.orElse(null));
    }
}
