package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.NodeMetadata;
import io.banyan.controlplane.registry.Protocol;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link SidecarNode} from an xDS {@code Node}. Untrusted input: a bad value is logged, recorded in
 * {@link SidecarNode#problems()} and skipped (its listener is not generated); parsing never throws.
 */
public final class SidecarNodeParser {

    private static final Logger log = LoggerFactory.getLogger(SidecarNodeParser.class);
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public SidecarNode parse(Node node) {
        Struct metadata = node.getMetadata();
        List<String> problems = new ArrayList<>();
        boolean banyan = metadata.getFieldsMap().keySet().stream().anyMatch(key -> key.startsWith("BANYAN_"));

        String service = string(metadata, NodeMetadata.SERVICE, problems);
        if (service.isEmpty()) {
            service = node.getCluster();
        }
        String zone = string(metadata, NodeMetadata.ZONE, problems);
        if (zone.isEmpty()) {
            zone = node.getLocality().getZone();
        }
        int outboundPort = port(metadata, NodeMetadata.OUTBOUND_PORT, SidecarNode.DEFAULT_OUTBOUND_PORT, problems);
        int appPort = port(metadata, NodeMetadata.APP_PORT, 0, problems);
        Protocol appProtocol = protocol(metadata, NodeMetadata.APP_PROTOCOL, problems);
        int inboundPort = port(metadata, NodeMetadata.INBOUND_PORT,
                appPort > 0 ? SidecarNode.DEFAULT_INBOUND_PORT : 0, problems);
        String outboundAddress = address(metadata, NodeMetadata.OUTBOUND_ADDRESS,
                SidecarNode.DEFAULT_OUTBOUND_ADDRESS, problems);
        String inboundAddress = address(metadata, NodeMetadata.INBOUND_ADDRESS,
                SidecarNode.DEFAULT_INBOUND_ADDRESS, problems);
        if (inboundPort > 0 && inboundPort == outboundPort) {
            problems.add(NodeMetadata.INBOUND_PORT + ": " + inboundPort + " (expected: a port other than "
                    + NodeMetadata.OUTBOUND_PORT + ")");
            inboundPort = 0;
        }
        List<Upstream> upstreams = upstreams(metadata, List.of(outboundPort, inboundPort), problems);

        if (!problems.isEmpty()) {
            log.warn("xDS node '{}': skipped bad metadata: {}", node.getId(), problems);
        }
        return new SidecarNode(node.getId(), node.getCluster(), service, zone, upstreams, outboundAddress,
                outboundPort, inboundAddress, inboundPort, appPort, appProtocol, banyan, problems);
    }

    private static String string(Struct metadata, String key, List<String> problems) {
        Value value = metadata.getFieldsMap().get(key);
        if (value == null || value.hasNullValue()) {
            return "";
        }
        if (!value.hasStringValue()) {
            problems.add(key + ": " + describe(value) + " (expected: a string)");
            return "";
        }
        return value.getStringValue().trim();
    }

    private static Protocol protocol(Struct metadata, String key, List<String> problems) {
        String wireName = string(metadata, key, problems);
        if (wireName.isEmpty()) {
            return Protocol.HTTP;
        }
        try {
            return Protocol.fromWireName(wireName);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return Protocol.HTTP;
        }
    }

    private static int port(Struct metadata, String key, int defaultPort, List<String> problems) {
        Value value = metadata.getFieldsMap().get(key);
        if (value == null || value.hasNullValue()) {
            return defaultPort;
        }
        long port;
        if (value.hasNumberValue()) {
            double number = value.getNumberValue();
            if (number != Math.rint(number) || Double.isInfinite(number)) {
                problems.add(key + ": " + number + " (expected: 0..65535)");
                return 0;
            }
            port = (long) number;
        } else if (value.hasStringValue()) {
            try {
                port = Long.parseLong(value.getStringValue().trim());
            } catch (NumberFormatException e) {
                problems.add(key + ": '" + value.getStringValue() + "' (expected: 0..65535)");
                return 0;
            }
        } else {
            problems.add(key + ": " + describe(value) + " (expected: 0..65535)");
            return 0;
        }
        if (port < 0 || port > 65535) {
            problems.add(key + ": " + port + " (expected: 0..65535)");
            return 0;
        }
        return (int) port;
    }

    private static String address(Struct metadata, String key, String defaultAddress, List<String> problems) {
        String address = string(metadata, key, problems);
        if (address.isEmpty()) {
            return defaultAddress;
        }
        if (!isIpLiteral(address)) {
            problems.add(key + ": '" + address + "' (expected: an IP address)");
            return defaultAddress;
        }
        return address;
    }

    private static List<Upstream> upstreams(Struct metadata, List<Integer> taken, List<String> problems) {
        Value value = metadata.getFieldsMap().get(NodeMetadata.UPSTREAMS);
        List<String> entries = new ArrayList<>();
        if (value == null || value.hasNullValue()) {
            return List.of();
        } else if (value.hasListValue()) {
            for (Value item : value.getListValue().getValuesList()) {
                if (item.hasStringValue()) {
                    entries.add(item.getStringValue());
                } else {
                    problems.add(NodeMetadata.UPSTREAMS + ": " + describe(item) + " (expected: <service>=<port>)");
                }
            }
        } else if (value.hasStringValue()) {
            for (String entry : value.getStringValue().split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.trim());
                }
            }
        } else {
            problems.add(NodeMetadata.UPSTREAMS + ": " + describe(value)
                    + " (expected: a list of <service>=<port>)");
            return List.of();
        }
        List<Upstream> upstreams = new ArrayList<>();
        Set<Integer> used = new HashSet<>(taken);
        used.remove(0);
        for (String entry : entries) {
            Upstream upstream;
            try {
                upstream = Upstream.parse(entry);
            } catch (IllegalArgumentException e) {
                problems.add(NodeMetadata.UPSTREAMS + ": " + e.getMessage());
                continue;
            }
            if (!used.add(upstream.port())) {
                problems.add(NodeMetadata.UPSTREAMS + ": '" + entry + "' port " + upstream.port()
                        + " (expected: a port no other listener of this node uses)");
                continue;
            }
            upstreams.add(upstream);
        }
        return upstreams;
    }

    private static boolean isIpLiteral(String address) {
        var ipv4 = IPV4.matcher(address);
        if (ipv4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(ipv4.group(group)) > 255) {
                    return false;
                }
            }
            return true;
        }
        return IPV6.matcher(address).matches();
    }

    private static String describe(Value value) {
        return switch (value.getKindCase()) {
            case NUMBER_VALUE -> String.valueOf(value.getNumberValue());
            case STRING_VALUE -> "'" + value.getStringValue() + "'";
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case LIST_VALUE -> "a list";
            case STRUCT_VALUE -> "a struct";
            default -> "nothing";
        };
    }
}
