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

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/** Incremental ADS: a response holds only what changed; subscriptions change by difference. */
final class DeltaAdsSession extends AdsSession {

    private final Map<XdsType, Set<String>> subscribed = new EnumMap<>(XdsType.class);
    private StreamObserver<DeltaDiscoveryRequest> requests;
    private boolean nodeSent;

    DeltaAdsSession(Node node, NodeState state, Listener listener, Traffic traffic, LongSupplier nanoTime) {
        super(node, state, listener, traffic, nanoTime);
    }

    @Override
    public synchronized void start(Channel channel) {
        requests = AggregatedDiscoveryServiceGrpc.newStub(channel).deltaAggregatedResources(new StreamObserver<>() {
            @Override
            public void onNext(DeltaDiscoveryResponse response) {
                apply(response);
            }

            @Override
            public void onError(Throwable t) {
                fail(t);
            }

            @Override
            public void onCompleted() {
                fail(new IllegalStateException("the control plane ended the stream"));
            }
        });
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
        if (type == XdsType.CLUSTER) {
            resubscribe(XdsType.ENDPOINT);
        } else if (type == XdsType.LISTENER) {
            resubscribe(XdsType.ROUTE);
        }
        acked();
    }

    private void resubscribe(XdsType type) {
        Set<String> names = wanted(type);
        Set<String> before = subscribed.getOrDefault(type, Set.of());
        if (names.equals(before)) {
            return;
        }
        Set<String> added = new TreeSet<>(names);
        added.removeAll(before);
        Set<String> removed = new TreeSet<>(before);
        removed.removeAll(names);
        subscribed.put(type, names);
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
