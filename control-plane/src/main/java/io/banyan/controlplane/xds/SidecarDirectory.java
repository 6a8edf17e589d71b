package io.banyan.controlplane.xds;

import io.banyan.api.xds.XdsProtocol;
import io.banyan.controlplane.xds.snapshot.SidecarNode;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
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
 * An ACK or NACK is read from each request: a {@code response_nonce} with {@code error_detail} is a NACK of the
 * response that carried that nonce, without it an ACK — of the request's {@code version_info} on a
 * state-of-the-world stream, of the acknowledged response's {@code system_version_info} on a delta stream (whose
 * requests carry no version). Thread-safe.
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
    public synchronized void streamOpened(long streamId, SidecarNode node, String peerAddress, XdsProtocol protocol) {
        streams.put(streamId, new Stream(node, peerAddress == null ? "" : peerAddress, protocol, clock.instant()));
    }

    /** Records the ACK or NACK a state-of-the-world request carries. Unknown streams are ignored. */
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

    /**
     * Records the ACK or NACK a delta request carries: its nonce names the response, whose version was remembered
     * by {@link #responded(long, DeltaDiscoveryResponse)}. A nonce this stream never sent (or sent too long ago) counts
     * as neither. Unknown streams are ignored.
     */
    public synchronized AckResult request(long streamId, DeltaDiscoveryRequest request) {
        Stream stream = streams.get(streamId);
        String nonce = request.getResponseNonce();
        if (stream == null || nonce.isEmpty()) {
            return AckResult.NONE;
        }
        String version = stream.sentVersions.get(nonce);
        if (version == null) {
            return AckResult.NONE;
        }
        String typeUrl = request.getTypeUrl();
        SidecarStatus.TypeStatus status = stream.types.getOrDefault(typeUrl, SidecarStatus.TypeStatus.none());
        Instant now = clock.instant();
        if (request.hasErrorDetail()) {
            stream.types.put(typeUrl, status.nacked(
                    new SidecarStatus.Nack(version, request.getErrorDetail().getMessage(), now)));
            return AckResult.NACK;
        }
        stream.types.put(typeUrl, status.acked(version, now));
        return AckResult.ACK;
    }

    /** Remembers which version a response nonce carried. */
    public synchronized void responded(long streamId, DiscoveryResponse response) {
        sent(streamId, response.getNonce(), response.getVersionInfo());
    }

    /** Remembers which version (the type's {@code system_version_info}) a delta response nonce carried. */
    public synchronized void responded(long streamId, DeltaDiscoveryResponse response) {
        sent(streamId, response.getNonce(), response.getSystemVersionInfo());
    }

    private void sent(long streamId, String nonce, String version) {
        Stream stream = streams.get(streamId);
        if (stream != null) {
            stream.sentVersions.put(nonce, version);
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
        final XdsProtocol protocol;
        final Instant connectedSince;
        final Map<String, SidecarStatus.TypeStatus> types = new TreeMap<>();
        final Map<String, String> sentVersions = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > NONCES_PER_STREAM;
            }
        };

        Stream(SidecarNode node, String peerAddress, XdsProtocol protocol, Instant connectedSince) {
            this.node = node;
            this.peerAddress = peerAddress;
            this.protocol = protocol;
            this.connectedSince = connectedSince;
        }

        SidecarStatus status() {
            return new SidecarStatus(node.id(), node.service(),
                    node.isGateway() ? SidecarStatus.GATEWAY : SidecarStatus.SIDECAR, protocol.wireName(), peerAddress,
                    connectedSince, node.problems(), new TreeMap<>(types));
        }
    }
}
