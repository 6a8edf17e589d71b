package io.banyan.dataplane.xds;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.EndpointMetadata;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;

import java.util.ArrayList;
import java.util.List;

/**
 * ClusterLoadAssignment to {@link ClusterEndpoints}. Supported: priority 0 only; the locality's zone;
 * {@code load_balancing_weight} (absent: 1); {@code filter_metadata["banyan"]} instance_id (string)
 * and mesh (bool). Endpoints whose health_status is UNHEALTHY, DRAINING or TIMEOUT are left out, as
 * Envoy does.
 */
final class EndpointsTranslator {

    static final String KIND = "cluster_load_assignment";

    ClusterEndpoints translate(ClusterLoadAssignment assignment) throws InvalidResourceException {
        String name = assignment.getClusterName();
        if (name.isBlank()) {
            throw new InvalidResourceException(KIND, name, "cluster_name '' (expected: a non-empty cluster name)");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < assignment.getEndpointsCount(); i++) {
            LocalityLbEndpoints locality = assignment.getEndpoints(i);
            if (locality.getPriority() != 0) {
                throw new InvalidResourceException(KIND, name, "endpoints[" + i + "].priority "
                        + locality.getPriority() + " (expected: 0, priorities are unsupported)");
            }
            String zone = locality.hasLocality() ? locality.getLocality().getZone() : "";
            for (int j = 0; j < locality.getLbEndpointsCount(); j++) {
                LbEndpoint lbEndpoint = locality.getLbEndpoints(j);
                if (routable(lbEndpoint.getHealthStatus())) {
                    endpoints.add(endpoint(name, "endpoints[" + i + "].lb_endpoints[" + j + "]", lbEndpoint, zone));
                }
            }
        }
        return new ClusterEndpoints(name, endpoints);
    }

    private static boolean routable(HealthStatus status) {
        return status != HealthStatus.UNHEALTHY && status != HealthStatus.DRAINING && status != HealthStatus.TIMEOUT;
    }

    private static Endpoint endpoint(String name, String where, LbEndpoint lbEndpoint, String zone)
            throws InvalidResourceException {
        if (!lbEndpoint.hasEndpoint() || !lbEndpoint.getEndpoint().hasAddress()) {
            throw new InvalidResourceException(KIND, name, where + ".endpoint.address: absent (expected: socket_address)");
        }
        SocketAddress socket = ProtoFields.socketAddress(lbEndpoint.getEndpoint().getAddress(),
                where + ".endpoint.address", KIND, name);
        int weight = 1;
        if (lbEndpoint.hasLoadBalancingWeight()) {
            weight = lbEndpoint.getLoadBalancingWeight().getValue();
            if (weight < 1) {
                throw new InvalidResourceException(KIND, name, where + ".load_balancing_weight " + weight
                        + " (expected: >= 1)");
            }
        }
        Struct metadata = lbEndpoint.getMetadata().getFilterMetadataOrDefault(EndpointMetadata.FILTER,
                Struct.getDefaultInstance());
        String instanceId = null;
        Value id = metadata.getFieldsOrDefault(EndpointMetadata.INSTANCE_ID, null);
        if (id != null) {
            if (id.getKindCase() != Value.KindCase.STRING_VALUE) {
                throw new InvalidResourceException(KIND, name, where + ".metadata." + EndpointMetadata.FILTER + "."
                        + EndpointMetadata.INSTANCE_ID + " " + id.getKindCase() + " (expected: a string)");
            }
            instanceId = id.getStringValue().isEmpty() ? null : id.getStringValue();
        }
        boolean mesh = false;
        Value meshValue = metadata.getFieldsOrDefault(EndpointMetadata.MESH, null);
        if (meshValue != null) {
            if (meshValue.getKindCase() != Value.KindCase.BOOL_VALUE) {
                throw new InvalidResourceException(KIND, name, where + ".metadata." + EndpointMetadata.FILTER + "."
                        + EndpointMetadata.MESH + " " + meshValue.getKindCase() + " (expected: a bool)");
            }
            mesh = meshValue.getBoolValue();
        }
        try {
            return new Endpoint(socket.getAddress(), socket.getPortValue(), weight, zone, mesh, instanceId);
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, name, where + ": " + e.getMessage());
        }
    }
}
