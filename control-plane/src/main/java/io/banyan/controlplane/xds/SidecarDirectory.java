package io.banyan.controlplane.xds;

import io.banyan.controlplane.xds.snapshot.SidecarNode;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The xDS clients connected right now and, per resource type, the version each last ACKed and its last NACK.
 * An ACK or NACK is read from each DiscoveryRequest: a {@code response_nonce} with {@code error_detail} is a
 * NACK of the response that carried that nonce, without it an ACK of {@code version_info}. Thread-safe.
 */
public final class SidecarDirectory {

    /** Responses remembered per stream to map a NACKed nonce to its version. */
    private static final int NONCES_PER_STREAM = 32;

    private final Clock clock;
    private final Map<Long, Stream> streams = new HashMap<>();

    public SidecarDirectory(Clock clock) {
        this.clock = clock;
    }

    /** A stream sent its first request. */
    public synchronized void streamOpened(long streamId, SidecarNode node, String peerAddress) {
        streams.put(streamId, new Stream(node, peerAddress == null ? "" : peerAddress, clock.instant()));
    }

    /** Records the ACK or NACK a request carries. Unknown streams are ignored. */
    public synchronized AckResult request(long streamId, DiscoveryRequest request) {
        Stream stream = streams.get(streamId);
        if (stream == null) {
            return AckResult.NONE;
        }
        String typeUrl = request.getTypeUrl();
        SidecarStatus.TypeStatus status = stream.types.getOrDefault(typeUrl, SidecarStatus.TypeStatus.none());
        Instant now = clock.instant();
        if (request.getResponseNonce().isEmpty()) {
            // A first request that carries a version resumes a subscription (a reconnect, e.g. after a control-plane
            // restart): the client holds that version, which stays true until a push changes it.
            if (!request.getVersionInfo().isEmpty() && status.ackedVersion().isEmpty()) {
                stream.types.put(typeUrl, status.acked(request.getVersionInfo(), now));
            }
            return AckResult.NONE;
        }
        if (request.hasErrorDetail()) {
            String rejected = stream.sentVersions.getOrDefault(request.getResponseNonce(), request.getVersionInfo());
            stream.types.put(typeUrl, status.nacked(
                    new SidecarStatus.Nack(rejected, request.getErrorDetail().getMessage(), now)));
            return AckResult.NACK;
        }
        stream.types.put(typeUrl, status.acked(request.getVersionInfo(), now));
        return AckResult.ACK;
    }

    /** Remembers which version a response nonce carried. */
    public synchronized void responded(long streamId, DiscoveryResponse response) {
        Stream stream = streams.get(streamId);
        if (stream != null) {
            stream.sentVersions.put(response.getNonce(), response.getVersionInfo());
        }
    }

    public synchronized void streamClosed(long streamId) {
        streams.remove(streamId);
    }

    /** Connected clients, one per node id (its newest stream), sorted by node id. */
    public synchronized List<SidecarStatus> sidecars() {
        Map<String, Stream> newest = new TreeMap<>();
        streams.values().forEach(stream -> newest.merge(stream.node.id(), stream,
                (a, b) -> a.connectedSince.isAfter(b.connectedSince) ? a : b));
        List<SidecarStatus> result = new ArrayList<>();
        newest.values().forEach(stream -> result.add(stream.status()));
        result.sort(Comparator.comparing(SidecarStatus::nodeId));
        return List.copyOf(result);
    }

    /** How many distinct nodes have an open stream. */
    public synchronized int size() {
        return (int) streams.values().stream().map(stream -> stream.node.id()).distinct().count();
    }

    private static final class Stream {
        final SidecarNode node;
        final String peerAddress;
        final Instant connectedSince;
        final Map<String, SidecarStatus.TypeStatus> types = new TreeMap<>();
        final Map<String, String> sentVersions = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > NONCES_PER_STREAM;
            }
        };

        Stream(SidecarNode node, String peerAddress, Instant connectedSince) {
            this.node = node;
            this.peerAddress = peerAddress;
            this.connectedSince = connectedSince;
        }

        SidecarStatus status() {
            return new SidecarStatus(node.id(), node.service(),
                    node.isGateway() ? SidecarStatus.GATEWAY : SidecarStatus.SIDECAR, peerAddress, connectedSince, node.problems(),
                    new TreeMap<>(types));
        }
    }
}
