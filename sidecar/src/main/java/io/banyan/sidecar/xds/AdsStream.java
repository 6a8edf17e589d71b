package io.banyan.sidecar.xds;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.banyan.dataplane.xds.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.stub.ClientCallStreamObserver;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The request side of one ADS stream: remembers, per type, the last nonce received and the resource
 * names last requested, and writes subscriptions, ACKs and NACKs. Used from the client's thread only.
 */
final class AdsStream {

    private final Node node;
    private final Map<XdsType, String> nonces = new EnumMap<>(XdsType.class);
    private final Map<XdsType, Set<String>> requested = new EnumMap<>(XdsType.class);
    private ClientCallStreamObserver<DiscoveryRequest> requests;

    AdsStream(Node node) {
        this.node = node;
    }

    void attach(ClientCallStreamObserver<DiscoveryRequest> requestObserver) {
        this.requests = requestObserver;
    }

    void received(XdsType type, String nonce) {
        nonces.put(type, nonce);
    }

    /** Whether {@code nonce} is still the last one received for the type (a reply to it is not stale). */
    boolean isLatest(XdsType type, String nonce) {
        return nonce.equals(nonces.get(type));
    }

    /** Requests {@code names} of a type unless exactly these were already requested on this stream. */
    void subscribe(XdsType type, Set<String> names, String version) {
        Set<String> previous = requested.get(type);
        if (names.equals(previous) || (previous == null && names.isEmpty() && !type.wildcard())) {
            return;
        }
        send(request(type, version, names));
    }

    void ack(XdsType type, String version, Set<String> names) {
        send(request(type, version, names));
    }

    void nack(XdsType type, String previousVersion, Set<String> names, String message) {
        send(request(type, previousVersion, names).toBuilder()
                .setErrorDetail(Status.newBuilder().setCode(Code.INVALID_ARGUMENT_VALUE).setMessage(message))
                .build());
    }

    void cancel(String reason) {
        if (requests != null) {
            requests.cancel(reason, null);
        }
    }

    private DiscoveryRequest request(XdsType type, String version, Set<String> names) {
        requested.put(type, Set.copyOf(names));
        return DiscoveryRequest.newBuilder()
                .setNode(node)
                .setTypeUrl(type.typeUrl())
                .setVersionInfo(version)
                .setResponseNonce(nonces.getOrDefault(type, ""))
                .addAllResourceNames(names)
                .build();
    }

    private void send(DiscoveryRequest request) {
        requests.onNext(request);
    }
}
