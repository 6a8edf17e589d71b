package io.banyan.controlplane.xds;

import io.banyan.api.xds.XdsProtocol;
import io.banyan.certs.SpiffeId;
import io.banyan.controlplane.ca.RequireWorkloadIdentity;
import io.banyan.controlplane.xds.snapshot.SidecarNode;
import io.banyan.controlplane.xds.snapshot.SidecarNodeParser;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.controlplane.server.exception.RequestException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapts the discovery server's stream events: a stream's first request names its node (parsed once, admitted
 * against the client's workload identity and the bounds of {@link NodeAdmission}, then published and listed in the
 * directory); every request may carry an ACK or NACK; closing forgets the stream. A refused stream is closed with
 * {@code UNAUTHENTICATED}, {@code PERMISSION_DENIED} or {@code RESOURCE_EXHAUSTED} before the cache sees its request.
 * Runs on gRPC threads and only hands work on (the publisher has its own thread), so it never blocks.
 */
public final class XdsStreamCallbacks implements DiscoveryServerCallbacks {

    private static final Logger log = LoggerFactory.getLogger(XdsStreamCallbacks.class);

    private final SnapshotPublisher publisher;
    private final SidecarDirectory directory;
    private final NodeAdmission admission;
    private final XdsMetrics metrics;
    private final SidecarNodeParser parser = new SidecarNodeParser();
    private final Map<Long, SidecarNode> streams = new ConcurrentHashMap<>();

    public XdsStreamCallbacks(SnapshotPublisher publisher, SidecarDirectory directory, NodeAdmission admission,
                              XdsMetrics metrics) {
        this.publisher = publisher;
        this.directory = directory;
        this.admission = admission;
        this.metrics = metrics;
    }

    @Override
    public void onV3StreamRequest(long streamId, DiscoveryRequest request) throws RequestException {
        opened(streamId, request.getNode(), XdsProtocol.SOTW);
        AckResult result = directory.request(streamId, request);
        counted(request.getNode(), request.getTypeUrl(), result, request.getVersionInfo(),
                request.getErrorDetail().getMessage());
    }

    /**
     * A delta stream is admitted, listed and counted exactly as a state-of-the-world one; its ACK or NACK names the
     * response by nonce only (see {@link SidecarDirectory#request(long, DeltaDiscoveryRequest)}).
     */
    @Override
    public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) throws RequestException {
        opened(streamId, request.getNode(), XdsProtocol.DELTA);
        AckResult result = directory.request(streamId, request);
        counted(request.getNode(), request.getTypeUrl(), result, "of nonce " + request.getResponseNonce(),
                request.getErrorDetail().getMessage());
    }

    @Override
    public void onV3StreamResponse(long streamId, DiscoveryRequest request, DiscoveryResponse response) {
        directory.responded(streamId, response);
        metrics.sent(response.getTypeUrl());
    }

    @Override
    public void onV3StreamDeltaResponse(long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
        directory.responded(streamId, response);
        metrics.sent(response.getTypeUrl());
    }

    private void counted(Node node, String typeUrl, AckResult result, String version, String error) {
        metrics.response(typeUrl, result);
        if (result == AckResult.NACK) {
            log.warn("xDS node '{}' rejected {} version {}: {}", node.getId(), typeUrl, version, error);
        }
    }

    @Override
    public void onStreamClose(long streamId, String typeUrl) {
        closed(streamId);
    }

    @Override
    public void onStreamCloseWithError(long streamId, String typeUrl, Throwable error) {
        closed(streamId);
    }

    private void opened(long streamId, Node node, XdsProtocol protocol) throws RequestException {
        if (streams.containsKey(streamId)) {
            return;
        }
        SidecarNode sidecar = parser.parse(node);
        admit(streamId, sidecar);
        if (streams.putIfAbsent(streamId, sidecar) != null) {
            return;
        }
        log.info("xDS {} stream {} opened by node '{}' (service '{}') from {}", protocol.wireName(), streamId,
                sidecar.id(), sidecar.service(), StreamPeer.current());
        directory.streamOpened(streamId, sidecar, StreamPeer.current(), protocol);
        publisher.streamOpened(sidecar);
        metrics.connected(directory.size());
    }

    private void admit(long streamId, SidecarNode sidecar) throws RequestException {
        SpiffeId identity = RequireWorkloadIdentity.IDENTITY.get();
        if (identity == null) {
            throw refuse(StreamRefusal.UNAUTHENTICATED, Status.UNAUTHENTICATED,
                    "client certificate: missing (expected: a workload certificate)", sidecar);
        }
        try {
            admission.admit(streamId, identity, sidecar);
        } catch (NodeRefusedException e) {
            Status status = e.reason() == StreamRefusal.PERMISSION_DENIED ? Status.PERMISSION_DENIED
                    : Status.RESOURCE_EXHAUSTED;
            throw refuse(e.reason(), status, e.getMessage(), sidecar);
        }
    }

    private RequestException refuse(StreamRefusal reason, Status status, String message, SidecarNode sidecar) {
        metrics.refused(reason);
        log.warn("xDS stream of node '{}' from {} refused: {}", sidecar.id(), StreamPeer.current(), message);
        return new Refused(status.withDescription(message));
    }

    /**
     * A refusal as java-control-plane wants it thrown. Without a stack trace: the library logs every stream error with
     * its exception, and a refused client should cost one log line, not a trace.
     */
    private static final class Refused extends RequestException {

        Refused(Status status) {
            super(status);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private void closed(long streamId) {
        SidecarNode sidecar = streams.remove(streamId);
        if (sidecar == null) {
            return;
        }
        log.info("xDS stream {} of node '{}' closed", streamId, sidecar.id());
        directory.streamClosed(streamId);
        admission.release(streamId);
        metrics.connected(directory.size());
    }
}
