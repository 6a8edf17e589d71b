package io.banyan.sidecar.xds;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.banyan.dataplane.xds.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The request side of one state-of-the-world ADS stream: remembers, per type, the last nonce received and the resource
 * names last requested, and writes subscriptions, ACKs and NACKs. Used from the client's thread only.
 */
final class AdsStream extends RequestStream<DiscoveryRequest> {

    private final Node node;
    private final Map<XdsType, Set<String>> requested = new EnumMap<>(XdsType.class);

    AdsStream(Node node) {
        this.node = node;
    }

    /** Requests {@code names} of a type unless exactly these were already requested on this stream. */
    @Override
    public void subscribe(XdsType type, Set<String> names, String version) {
        Set<String> previous = requested.get(type);
        if (names.equals(previous) || (previous == null && names.isEmpty() && !type.wildcard())) {
            return;
        }
        send(request(type, version, names));
    }

    @Override
    public void ack(XdsType type, String version, Set<String> names) {
        send(request(type, version, names));
    }

    @Override
    public void nack(XdsType type, String previousVersion, Set<String> names, String message) {
        send(request(type, previousVersion, names).toBuilder()
                .setErrorDetail(Status.newBuilder().setCode(Code.INVALID_ARGUMENT_VALUE).setMessage(message))
                .build());
    }

    private DiscoveryRequest request(XdsType type, String version, Set<String> names) {
        requested.put(type, Set.copyOf(names));
        return DiscoveryRequest.newBuilder()
                .setNode(node)
                .setTypeUrl(type.typeUrl())
                .setVersionInfo(version)
                .setResponseNonce(nonce(type))
                .addAllResourceNames(names)
                .build();
    }
}
