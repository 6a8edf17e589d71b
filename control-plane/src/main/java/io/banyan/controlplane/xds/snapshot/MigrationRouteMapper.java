package io.banyan.controlplane.xds.snapshot;

import io.banyan.api.xds.ResourceNames;
import io.banyan.dataplane.xds.ShadowCompareTranslator;
import io.banyan.controlplane.migration.Compare;
import io.banyan.controlplane.migration.Migration;
import io.banyan.controlplane.migration.Side;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;

import java.util.List;

/**
 * A live migration as Envoy Routes (docs/xds.md, "Migrations"): named {@code migration/<name>}, its match as an
 * operator route's, to {@code migration|<name>|from} and {@code migration|<name>|to} by the weight now (one cluster
 * at 0 or 100); while shadowing with a percent, a mirror policy to {@code migration|<name>|shadow} and the route
 * metadata {@code io.banyan.shadow} saying how to compare the answers. The action carries {@code from}'s policy.
 */
final class MigrationRouteMapper {

    private MigrationRouteMapper() {
    }

    static List<Route> routes(Migration migration, TrafficPolicy policy) {
        String name = migration.name();
        int weight = migration.state().weight();
        RouteAction.Builder action = RouteAction.newBuilder();
        if (weight == 0 || weight == 100) {
            action.setCluster((weight == 0 ? Side.FROM : Side.TO).cluster(name));
        } else {
            action.setWeightedClusters(WeightedCluster.newBuilder()
                    .addClusters(WeightedCluster.ClusterWeight.newBuilder()
                            .setName(Side.FROM.cluster(name)).setWeight(Protos.uint32(100 - weight)))
                    .addClusters(WeightedCluster.ClusterWeight.newBuilder()
                            .setName(Side.TO.cluster(name)).setWeight(Protos.uint32(weight))));
        }
        Route.Builder envoy = Route.newBuilder().setName(ResourceNames.migrationRoute(name));
        if (migration.shadowing()) {
            action.addRequestMirrorPolicies(OperatorRouteMapper.mirror(Side.SHADOW.cluster(name),
                    migration.spec().shadow().perMillion()));
            envoy.setMetadata(Metadata.newBuilder().putFilterMetadata(ResourceNames.SHADOW_METADATA,
                    ShadowCompareTranslator.struct(name, migration.spec().compare().settings())));
        }
        RoutePolicy.apply(action, policy);
        return OperatorRouteMapper.matching(envoy.setRoute(action), migration.spec().match());
    }
}
