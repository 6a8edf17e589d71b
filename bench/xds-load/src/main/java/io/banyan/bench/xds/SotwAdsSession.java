package io.banyan.bench.xds;

import io.banyan.dataplane.xds.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/** State-of-the-world ADS: every response holds all of a type's (subscribed) resources. */
final class SotwAdsSession extends AdsSession {

    private final Map<XdsType, String> versions = new EnumMap<>(XdsType.class);
    private final Map<XdsType, String> nonces = new EnumMap<>(XdsType.class);
    private StreamObserver<DiscoveryRequest> requests;
    private boolean nodeSent;

    SotwAdsSession(Node node, NodeState state, Listener listener, Traffic traffic, LongSupplier nanoTime) {
        super(node, state, listener, traffic, nanoTime);
    }

    @Override
    public synchronized void start(Channel channel) {
        requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
                .streamAggregatedResources(this.<DiscoveryResponse>responses(this::apply));
        send(XdsType.CLUSTER);
        send(XdsType.LISTENER);
    }

    private synchronized void apply(DiscoveryResponse response) {
        received(response.getSerializedSize());
        XdsType type = XdsType.ofTypeUrl(response.getTypeUrl()).orElse(null);
        if (type == null) {
            return;
        }
        state.replace(type, response.getResourcesList());
        versions.put(type, response.getVersionInfo());
        nonces.put(type, response.getNonce());
        send(type);
        followAndReport(type);
    }

    @Override
    protected void resubscribe(XdsType type, Set<String> before, Set<String> now) {
        send(type);
    }

    private void send(XdsType type) {
        DiscoveryRequest.Builder request = DiscoveryRequest.newBuilder()
                .setTypeUrl(type.typeUrl())
                .setVersionInfo(versions.getOrDefault(type, ""))
                .setResponseNonce(nonces.getOrDefault(type, ""))
                .addAllResourceNames(subscribed(type));
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
