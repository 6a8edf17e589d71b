package io.banyan.controlplane.xds.snapshot;

import io.banyan.api.xds.NodeMetadata;
import io.banyan.api.xds.NodeMetadataCodec;
import io.banyan.api.xds.SidecarMetadata;
import io.banyan.controlplane.registry.Protocol;
import io.banyan.primitives.name.ServiceName;
import io.envoyproxy.envoy.config.core.v3.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link SidecarNode} from an xDS {@code Node}: its metadata through {@link NodeMetadataCodec}, the
 * service and zone falling back to the node's cluster and locality. Untrusted input: a bad value is logged,
 * recorded in {@link SidecarNode#problems()} and skipped (its listener is not generated); parsing never throws.
 */
public final class SidecarNodeParser {

    private static final Logger log = LoggerFactory.getLogger(SidecarNodeParser.class);
    /** The longest part of a bad value a problem quotes. */
    private static final int MAX_SHOWN = 64;

    public SidecarNode parse(Node node) {
        SidecarMetadata metadata = NodeMetadataCodec.decode(node.getMetadata());
        List<String> problems = new ArrayList<>(metadata.problems());
        String service = metadata.service().isEmpty() ? node.getCluster() : metadata.service();
        String zone = metadata.zone().isEmpty() ? node.getLocality().getZone() : metadata.zone();
        Protocol appProtocol = protocol(metadata.appProtocol(), problems);
        String gateway = gateway(metadata, service, problems);
        if (!problems.isEmpty()) {
            log.warn("xDS node '{}': skipped bad metadata: {}", node.getId(), problems);
        }
        return new SidecarNode(node.getId(), node.getCluster(), service, zone, metadata.upstreams(),
                metadata.outboundAddress(), metadata.outboundPort(), metadata.inboundAddress(), metadata.inboundPort(),
                metadata.appPort(), appProtocol, metadata.banyan(), problems, gateway, metadata.allUpstreams());
    }

    /**
     * The gateway's name; a gateway whose name is not its service (the node cluster said otherwise) is a problem and
     * no gateway: its identity is {@code svc/<name>}.
     */
    private static String gateway(SidecarMetadata metadata, String service, List<String> problems) {
        if (metadata.isGateway() && !metadata.gateway().equals(service)) {
            problems.add(NodeMetadata.GATEWAY + ": '" + metadata.gateway() + "' (expected: the node's service '"
                    + service + "')");
            return null;
        }
        return metadata.isGateway() ? metadata.gateway() : null;
    }

    private static Protocol protocol(String wireName, List<String> problems) {
        try {
            return Protocol.fromWireName(wireName);
        } catch (IllegalArgumentException e) {
            problems.add(NodeMetadata.APP_PROTOCOL + ": " + e.getMessage());
            return Protocol.HTTP;
        }
    }
}
