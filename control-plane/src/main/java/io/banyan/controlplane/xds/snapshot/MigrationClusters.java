package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.EndpointMetadata;
import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.migration.Migration;
import io.banyan.controlplane.migration.MigrationSnapshot;
import io.banyan.controlplane.migration.Side;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;

import java.util.List;

/**
 * The side clusters of the live migrations a node serves: {@code migration|<name>|from} and {@code |to}, and while
 * shadowing with a percent {@code |shadow}, each a copy of its service's cluster (same policy) under that name with a
 * ClusterLoadAssignment of that name carrying the service's endpoints; so the data planes report each side apart. A
 * copy names its service in {@code metadata.banyan.service}: its endpoints present that service's identity.
 */
public final class MigrationClusters {

    private MigrationClusters() {
    }

    /** The live migrations whose route is in one of the node's tables: a service's (every node), or its gateway's. */
    static List<Migration> served(SidecarNode node, MigrationSnapshot migrations) {
        return migrations.live().stream()
                .filter(migration -> migration.spec().gateway() == null
                        || (node.isGateway() && migration.spec().gateway().equals(node.gateway())))
                .toList();
    }

    /** Whether {@code cluster} is a side of a live migration whose route {@code node} is given, so it may report it. */
    public static boolean reportable(SidecarNode node, MigrationSnapshot migrations, String cluster) {
        for (Migration migration : served(node, migrations)) {
            for (Side side : Side.values()) {
                if (side.cluster(migration.name()).equals(cluster)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Adds each migration's side clusters and their endpoints, copied from its services' (already in the lists). */
    static void add(List<Migration> migrations, List<Cluster> clusters, List<ClusterLoadAssignment> endpoints) {
        for (Migration migration : migrations) {
            copy(migration, Side.FROM, migration.spec().from(), clusters, endpoints);
            copy(migration, Side.TO, migration.spec().to(), clusters, endpoints);
            if (migration.shadowing()) {
                copy(migration, Side.SHADOW, migration.spec().to(), clusters, endpoints);
            }
        }
    }

    private static void copy(Migration migration, Side side, String service, List<Cluster> clusters,
                             List<ClusterLoadAssignment> endpoints) {
        String serviceCluster = ResourceNames.cluster(service);
        String name = side.cluster(migration.name());
        clusters.stream().filter(cluster -> cluster.getName().equals(serviceCluster)).findFirst()
                .ifPresent(cluster -> clusters.add(named(cluster, name, service)));
        endpoints.stream().filter(assignment -> assignment.getClusterName().equals(serviceCluster)).findFirst()
                .ifPresent(assignment -> endpoints.add(assignment.toBuilder().setClusterName(name).build()));
    }

    /** {@code cluster} under {@code name}, saying whose identity its endpoints present: {@code service}'s. */
    private static Cluster named(Cluster cluster, String name, String service) {
        Cluster.Builder copy = cluster.toBuilder().setName(name);
        Struct banyan = cluster.getMetadata().getFilterMetadataOrDefault(EndpointMetadata.FILTER,
                Struct.getDefaultInstance());
        copy.getMetadataBuilder().putFilterMetadata(EndpointMetadata.FILTER, banyan.toBuilder()
                .putFields(EndpointMetadata.SERVICE, Value.newBuilder().setStringValue(service).build()).build());
        return copy.build();
    }
}
