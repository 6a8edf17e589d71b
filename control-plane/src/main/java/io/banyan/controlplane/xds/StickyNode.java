package io.banyan.controlplane.xds;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Gives every request of a stream the stream's first {@code node}. xDS clients may send the node only once per
 * stream (gRPC's xDS client does, as does Envoy with set_node_on_first_message_only), while the snapshot cache
 * finds a request's node group from each request's own node. A later request's own node is replaced too: the
 * node was admitted (its service checked against the client's certificate) from the first request, so a stream
 * cannot switch to another node's configuration midway.
 */
final class StickyNode implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private Node node;

            @Override
            public void onMessage(Q message) {
                super.onMessage(fill(message));
            }

            @SuppressWarnings("unchecked")
            private Q fill(Q message) {
                if (message instanceof DiscoveryRequest request) {
                    if (node == null) {
                        node = request.getNode();
                    } else if (!request.hasNode() || !request.getNode().equals(node)) {
                        return (Q) request.toBuilder().setNode(node).build();
                    }
                } else if (message instanceof DeltaDiscoveryRequest request) {
                    if (node == null) {
                        node = request.getNode();
                    } else if (!request.hasNode() || !request.getNode().equals(node)) {
                        return (Q) request.toBuilder().setNode(node).build();
                    }
                }
                return message;
            }
        };
    }
}
