package io.banyan.controlplane.xds;

import io.banyan.api.xds.XdsProtocol;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One connected sidecar, edge gateway (or other xDS client) as the admin API shows it.
 *
 * @param nodeId         the xDS node id
 * @param service        the service it belongs to; empty when unknown (a gateway's is its name)
 * @param kind           {@value #SIDECAR} or {@value #GATEWAY}
 * @param protocol       the ADS variant of its current stream: {@code delta} or {@code sotw} ({@link XdsProtocol})
 * @param peerAddress    {@code host:port} of the gRPC peer; empty when unknown
 * @param connectedSince when its current ADS stream opened
 * @param problems       node metadata that was skipped, one message each
 * @param types          per type URL: the last ACKed version and the last NACK (of a delta stream: the
 *                       {@code system_version_info} of the response it ACKed or NACKed)
 */
public record SidecarStatus(String nodeId, String service, String kind, String protocol, String peerAddress,
                            Instant connectedSince, List<String> problems, SortedMap<String, TypeStatus> types) {

    /** The kind of a sidecar (or any xDS client that is not a gateway). */
    public static final String SIDECAR = "sidecar";
    /** The kind of an edge gateway. */
    public static final String GATEWAY = "gateway";

    public SidecarStatus {
        Objects.requireNonNull(nodeId, "nodeId");
        service = service == null ? "" : service;
        if (!SIDECAR.equals(kind) && !GATEWAY.equals(kind)) {
            throw new IllegalArgumentException("kind: '" + kind + "' (expected: sidecar or gateway)");
        }
        XdsProtocol.of(protocol);
        peerAddress = peerAddress == null ? "" : peerAddress;
        Objects.requireNonNull(connectedSince, "connectedSince");
        problems = List.copyOf(problems);
        types = Collections.unmodifiableSortedMap(new TreeMap<>(types));
    }

    /**
     * What a sidecar did with one resource type.
     *
     * @param ackedVersion the last version it ACKed; empty before the first ACK
     * @param ackedAt      when; null before the first ACK
     * @param lastNack     its last NACK; null if it never NACKed on this stream
     */
    public record TypeStatus(String ackedVersion, Instant ackedAt, Nack lastNack) {

        public TypeStatus {
            ackedVersion = ackedVersion == null ? "" : ackedVersion;
        }

        static TypeStatus none() {
            return new TypeStatus("", null, null);
        }

        TypeStatus acked(String version, Instant at) {
            return new TypeStatus(version, at, lastNack);
        }

        TypeStatus nacked(Nack nack) {
            return new TypeStatus(ackedVersion, ackedAt, nack);
        }
    }

    /**
     * A rejected response.
     *
     * @param version the version the sidecar rejected
     * @param message its {@code error_detail} message
     * @param at      when the NACK arrived
     */
    public record Nack(String version, String message, Instant at) {

        public Nack {
            version = version == null ? "" : version;
            message = message == null ? "" : message;
            Objects.requireNonNull(at, "at");
        }
    }

    /** Convenience for tests and the admin API: the status of one type URL, or an empty one. */
    public TypeStatus type(String typeUrl) {
        return types.getOrDefault(typeUrl, TypeStatus.none());
    }
}
