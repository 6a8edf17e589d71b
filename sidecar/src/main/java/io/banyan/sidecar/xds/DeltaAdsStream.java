package io.banyan.sidecar.xds;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.banyan.dataplane.xds.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The request side of one incremental ADS stream: a type's first request subscribes its names (none for the
 * wildcard CDS and LDS) and tells, in {@code initial_resource_versions}, the versions the client already holds, so
 * that the control plane sends only what differs; later requests subscribe and unsubscribe the difference. An ACK or
 * NACK names the response by its nonce only. The node goes with the stream's first request. Used from the client's
 * thread only.
 */
final class DeltaAdsStream extends RequestStream<DeltaDiscoveryRequest> {

    private final Node node;
    private final Function<XdsType, Map<String, String>> held;
    private final Map<XdsType, Set<String>> requested = new EnumMap<>(XdsType.class);
    private boolean nodeSent;

    /** @param held per type, the versions of the resources the client holds (resumed on this stream) */
    DeltaAdsStream(Node node, Function<XdsType, Map<String, String>> held) {
        this.node = node;
        this.held = held;
    }

    @Override
    public void subscribe(XdsType type, Set<String> names, String version) {
        Set<String> previous = requested.get(type);
        if (previous == null) {
            if (names.isEmpty() && !type.wildcard()) {
                return;
            }
            requested.put(type, Set.copyOf(names));
            send(request(type).addAllResourceNamesSubscribe(names).putAllInitialResourceVersions(held.apply(type))
                    .build());
            return;
        }
        Set<String> added = new HashSet<>(names);
        added.removeAll(previous);
        Set<String> removed = new HashSet<>(previous);
        removed.removeAll(names);
        if (added.isEmpty() && removed.isEmpty()) {
            return;
        }
        requested.put(type, Set.copyOf(names));
        send(request(type).addAllResourceNamesSubscribe(added).addAllResourceNamesUnsubscribe(removed)
                .build());
    }

    @Override
    public void ack(XdsType type, String version, Set<String> names) {
        send(request(type).setResponseNonce(nonce(type)).build());
    }

    @Override
    public void nack(XdsType type, String previousVersion, Set<String> names, String message) {
        send(request(type).setResponseNonce(nonce(type))
                .setErrorDetail(Status.newBuilder().setCode(Code.INVALID_ARGUMENT_VALUE).setMessage(message))
                .build());
    }

    private DeltaDiscoveryRequest.Builder request(XdsType type) {
        DeltaDiscoveryRequest.Builder request = DeltaDiscoveryRequest.newBuilder().setTypeUrl(type.typeUrl());
        if (!nodeSent) {
            request.setNode(node);
            nodeSent = true;
        }
        return request;
    }
}
