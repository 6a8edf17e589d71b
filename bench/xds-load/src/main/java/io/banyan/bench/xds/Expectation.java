package io.banyan.bench.xds;

import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;

import java.util.Optional;

/**
 * What a node must hold once it has received a change: observed in the resources themselves, so the generator
 * needs no knowledge of how (or whether) the control plane scopes or versions them.
 */
public sealed interface Expectation {

    /** The service whose resources the change touches. */
    String service();

    boolean metBy(NodeView node);

    /** The service's ClusterLoadAssignment has the endpoint {@code host:port}, with {@code weight} when it is > 0. */
    record EndpointPresent(String service, String address, int weight) implements Expectation {
        @Override
        public boolean metBy(NodeView node) {
            return find(node.endpoints(service), address)
                    .filter(lb -> weight <= 0 || lb.getLoadBalancingWeight().getValue() == weight)
                    .isPresent();
        }
    }

    /** The service's ClusterLoadAssignment lacks the endpoint {@code host:port} (or the node dropped it). */
    record EndpointAbsent(String service, String address) implements Expectation {
        @Override
        public boolean metBy(NodeView node) {
            return find(node.endpoints(service), address).isEmpty();
        }
    }

    /** The service's Cluster has this connect timeout (the policy change's marker). */
    record ConnectTimeout(String service, long millis) implements Expectation {
        @Override
        public boolean metBy(NodeView node) {
            return node.cluster(service)
                    .filter(cluster -> cluster.getConnectTimeout().getSeconds() * 1_000
                            + cluster.getConnectTimeout().getNanos() / 1_000_000 == millis)
                    .isPresent();
        }
    }

    private static Optional<LbEndpoint> find(Optional<ClusterLoadAssignment> assignment, String address) {
        if (assignment.isEmpty()) {
            return Optional.empty();
        }
        for (LocalityLbEndpoints locality : assignment.get().getEndpointsList()) {
            for (LbEndpoint lb : locality.getLbEndpointsList()) {
                var socket = lb.getEndpoint().getAddress().getSocketAddress();
                if ((socket.getAddress() + ":" + socket.getPortValue()).equals(address)) {
                    return Optional.of(lb);
                }
            }
        }
        return Optional.empty();
    }
}
