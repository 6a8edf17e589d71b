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
        String gateway = gateway(node, problems);
        if (!problems.isEmpty()) {
            log.warn("xDS node '{}': skipped bad metadata: {}", node.getId(), problems);
        }
        return new SidecarNode(node.getId(), node.getCluster(), service, zone, metadata.upstreams(),
                metadata.outboundAddress(), metadata.outboundPort(), metadata.inboundAddress(), metadata.inboundPort(),
                metadata.appPort(), appProtocol, metadata.banyan(), problems, gateway);
    }

    /** The gateway's name ({@link NodeMetadata#GATEWAY}), or empty for a sidecar or a bad name. */
    private static String gateway(Node node, List<String> problems) {
        var value = node.getMetadata().getFieldsMap().get(NodeMetadata.GATEWAY);
        if (value == null) {
            return "";
        }
        String name = value.getStringValue();
        if (!ServiceName.isValid(name)) {
            String shown = name.length() <= MAX_SHOWN ? name : name.substring(0, MAX_SHOWN) + "...";
            problems.add(ServiceName.problem(shown, NodeMetadata.GATEWAY));
            return "";
        }
        return name;
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
