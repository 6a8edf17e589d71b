package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import io.banyan.api.xds.EndpointMetadata;
import io.banyan.api.xds.ResourceNames;
import io.banyan.controlplane.registry.Instance;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.Protocol;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds one ClusterLoadAssignment per service: only healthy instances, grouped by zone into
 * LocalityLbEndpoints, each with its weight and Banyan metadata. A service without healthy instances gets
 * an empty assignment, so the cluster exists and answers "no healthy upstream".
 */
final class LoadAssignmentBuilder {

    List<ClusterLoadAssignment> build(SortedMap<String, List<InstanceHealth>> services) {
        List<ClusterLoadAssignment> assignments = new ArrayList<>();
        services.forEach((service, instances) -> assignments.add(assignment(service, instances)));
        return assignments;
    }

    static ClusterLoadAssignment assignment(String service, List<InstanceHealth> instances) {
        SortedMap<String, List<Instance>> byZone = new TreeMap<>();
        for (InstanceHealth health : instances) {
            if (health.healthy()) {
                byZone.computeIfAbsent(health.instance().zone(), zone -> new ArrayList<>()).add(health.instance());
            }
        }
        ClusterLoadAssignment.Builder assignment = ClusterLoadAssignment.newBuilder()
                .setClusterName(ResourceNames.cluster(service));
        byZone.forEach((zone, members) -> {
            LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder()
                    .setLocality(Locality.newBuilder().setZone(zone));
            members.stream()
                    .sorted((a, b) -> a.id().compareTo(b.id()))
                    .forEach(instance -> locality.addLbEndpoints(lbEndpoint(instance)));
            assignment.addEndpoints(locality);
        });
        return assignment.build();
    }

    /** A single-endpoint assignment, used as the load_assignment of a STATIC cluster. */
    static ClusterLoadAssignment local(String clusterName, String host, int port) {
        return ClusterLoadAssignment.newBuilder()
                .setClusterName(clusterName)
                .addEndpoints(LocalityLbEndpoints.newBuilder()
                        .addLbEndpoints(LbEndpoint.newBuilder()
                                .setEndpoint(Endpoint.newBuilder().setAddress(address(host, port)))))
                .build();
    }

    static Address address(String host, int port) {
        return Address.newBuilder()
                .setSocketAddress(SocketAddress.newBuilder().setAddress(host).setPortValue(port))
                .build();
    }

    private static LbEndpoint lbEndpoint(Instance instance) {
        Protocol protocol = instance.protocol() == null ? Protocol.HTTP : instance.protocol();
        Struct banyan = Struct.newBuilder()
                .putFields(EndpointMetadata.INSTANCE_ID, Value.newBuilder().setStringValue(instance.id()).build())
                .putFields(EndpointMetadata.MESH, Value.newBuilder().setBoolValue(instance.mesh()).build())
                .putFields(EndpointMetadata.VERSION, Value.newBuilder().setStringValue(instance.version()).build())
                .putFields(EndpointMetadata.PROTOCOL, Value.newBuilder().setStringValue(protocol.wireName()).build())
                .build();
        return LbEndpoint.newBuilder()
                .setEndpoint(Endpoint.newBuilder().setAddress(address(instance.host(), instance.port())))
                .setHealthStatus(HealthStatus.HEALTHY)
                .setLoadBalancingWeight(UInt32Value.of(Math.max(1, instance.weight())))
                .setMetadata(Metadata.newBuilder().putFilterMetadata(EndpointMetadata.FILTER, banyan))
                .build();
    }
}
