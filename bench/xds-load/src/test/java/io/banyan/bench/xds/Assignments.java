package io.banyan.bench.xds;

import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;

/** ClusterLoadAssignments shaped as the control plane builds them, for tests. */
final class Assignments {

    private Assignments() {
    }

    /** {@code endpoints} as {@code host:port@weight}. */
    static ClusterLoadAssignment of(String service, String... endpoints) {
        LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
        for (String endpoint : endpoints) {
            String[] addressAndWeight = endpoint.split("@");
            String[] hostAndPort = addressAndWeight[0].split(":");
            locality.addLbEndpoints(LbEndpoint.newBuilder()
                    .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                            SocketAddress.newBuilder().setAddress(hostAndPort[0])
                                    .setPortValue(Integer.parseInt(hostAndPort[1])))))
                    .setLoadBalancingWeight(UInt32Value.of(Integer.parseInt(addressAndWeight[1]))));
        }
        return ClusterLoadAssignment.newBuilder().setClusterName(service).addEndpoints(locality).build();
    }
}
