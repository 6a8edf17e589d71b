package io.banyan.bench.xds;

import com.google.protobuf.Any;
import io.banyan.dataplane.xds.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/** Incremental ADS: a response holds only what changed; subscriptions change by difference. */
final class DeltaAdsSession extends AdsSession {

    private StreamObserver<DeltaDiscoveryRequest> requests;
    private boolean nodeSent;

    DeltaAdsSession(Node node, NodeState state, Listener listener, Traffic traffic, LongSupplier nanoTime) {
        super(node, state, listener, traffic, nanoTime);
    }

    @Override
    public synchronized void start(Channel channel) {
        requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
                .deltaAggregatedResources(this.<DeltaDiscoveryResponse>responses(this::apply));
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(XdsType.CLUSTER.typeUrl()));
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(XdsType.LISTENER.typeUrl()));
    }

    private synchronized void apply(DeltaDiscoveryResponse response) {
        received(response.getSerializedSize());
        XdsType type = XdsType.ofTypeUrl(response.getTypeUrl()).orElse(null);
        if (type == null) {
            return;
        }
        Map<String, Any> changed = new HashMap<>();
        for (Resource resource : response.getResourcesList()) {
            changed.put(resource.getName(), resource.getResource());
        }
        state.update(type, changed, response.getRemovedResourcesList());
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(type.typeUrl()).setResponseNonce(response.getNonce()));
        followAndReport(type);
    }

    @Override
    protected void resubscribe(XdsType type, Set<String> before, Set<String> now) {
        Set<String> added = new TreeSet<>(now);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(now);
        send(DeltaDiscoveryRequest.newBuilder().setTypeUrl(type.typeUrl())
                .addAllResourceNamesSubscribe(added).addAllResourceNamesUnsubscribe(removed));
    }

    private void send(DeltaDiscoveryRequest.Builder request) {
        if (!nodeSent) {
            request.setNode(node);
            nodeSent = true;
        }
        requests.onNext(request.build());
    }

    @Override
    protected synchronized void end() {
        if (requests != null) {
            requests.onCompleted();
        }
    }
}
