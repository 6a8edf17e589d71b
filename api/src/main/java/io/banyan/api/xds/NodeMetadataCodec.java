package io.banyan.api.xds;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.primitives.name.ServiceName;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one codec of a node's {@link NodeMetadata}: the sidecar writes its {@link SidecarMetadata} with
 * {@link #encode}, the control plane reads it back with {@link #decode}. Reading treats the struct as untrusted
 * input: a bad value is recorded in {@link SidecarMetadata#problems()} and skipped (its default applies, or the
 * entry is left out); it never throws.
 */
public final class NodeMetadataCodec {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private NodeMetadataCodec() {
    }

    /** Every key: the inbound port, app port and app protocol only for a sidecar with an app. */
    public static Struct encode(SidecarMetadata metadata) {
        ListValue.Builder upstreams = ListValue.newBuilder();
        for (Upstream upstream : metadata.upstreams()) {
            upstreams.addValues(string(upstream.entry()));
        }
        if (metadata.allUpstreams()) {
            upstreams.addValues(string(Upstream.ALL));
        }
        Struct.Builder struct = Struct.newBuilder()
                .putFields(NodeMetadata.SERVICE, string(metadata.service()))
                .putFields(NodeMetadata.UPSTREAMS, Value.newBuilder().setListValue(upstreams).build())
                .putFields(NodeMetadata.OUTBOUND_PORT, number(metadata.outboundPort()))
                .putFields(NodeMetadata.OUTBOUND_ADDRESS, string(metadata.outboundAddress()))
                .putFields(NodeMetadata.INBOUND_ADDRESS, string(metadata.inboundAddress()))
                .putFields(NodeMetadata.ZONE, string(metadata.zone()));
        if (metadata.isGateway()) {
            struct.putFields(NodeMetadata.GATEWAY, string(metadata.gateway()));
        }
        if (metadata.appPort() > 0) {
            struct.putFields(NodeMetadata.INBOUND_PORT, number(metadata.inboundPort()))
                    .putFields(NodeMetadata.APP_PORT, number(metadata.appPort()))
                    .putFields(NodeMetadata.APP_PROTOCOL, string(metadata.appProtocol()));
        }
        return struct.build();
    }

    /**
     * The values of {@code struct}, defaults applied: outbound port {@value NodeMetadata#DEFAULT_OUTBOUND_PORT},
     * inbound port {@value NodeMetadata#DEFAULT_INBOUND_PORT} when there is an app (else none), the default
     * addresses, protocol {@value NodeMetadata#DEFAULT_APP_PROTOCOL}. An inbound port equal to the outbound one,
     * and an upstream port another listener of the node uses, are problems.
     */
    public static SidecarMetadata decode(Struct struct) {
        List<String> problems = new ArrayList<>();
        boolean banyan = struct.getFieldsMap().keySet().stream().anyMatch(key -> key.startsWith("BANYAN_"));
        String service = string(struct, NodeMetadata.SERVICE, problems);
        String zone = string(struct, NodeMetadata.ZONE, problems);
        int outboundPort = port(struct, NodeMetadata.OUTBOUND_PORT, NodeMetadata.DEFAULT_OUTBOUND_PORT, problems);
        int appPort = port(struct, NodeMetadata.APP_PORT, 0, problems);
        String appProtocol = string(struct, NodeMetadata.APP_PROTOCOL, problems);
        String gateway = gateway(struct, problems);
        int inboundPort = port(struct, NodeMetadata.INBOUND_PORT,
                appPort > 0 ? NodeMetadata.DEFAULT_INBOUND_PORT : 0, problems);
        if (!gateway.isEmpty() && (appPort > 0 || inboundPort > 0)) {
            problems.add(NodeMetadata.GATEWAY + ": '" + gateway + "' with an app or inbound port (expected: a gateway"
                    + " has neither; they are ignored)");
            appPort = 0;
            inboundPort = 0;
        }
        String outboundAddress = address(struct, NodeMetadata.OUTBOUND_ADDRESS,
                NodeMetadata.DEFAULT_OUTBOUND_ADDRESS, problems);
        String inboundAddress = address(struct, NodeMetadata.INBOUND_ADDRESS,
                NodeMetadata.DEFAULT_INBOUND_ADDRESS, problems);
        if (inboundPort > 0 && inboundPort == outboundPort) {
            problems.add(NodeMetadata.INBOUND_PORT + ": " + inboundPort + " (expected: a port other than "
                    + NodeMetadata.OUTBOUND_PORT + ")");
            inboundPort = 0;
        }
        List<String> entries = upstreamEntries(struct, problems);
        boolean allUpstreams = entries.stream().anyMatch(Upstream::isAll);
        List<Upstream> upstreams = upstreams(entries.stream().filter(entry -> !Upstream.isAll(entry)).toList(),
                List.of(outboundPort, inboundPort), problems);
        return new SidecarMetadata(service, zone, upstreams, outboundAddress, outboundPort, inboundAddress,
                inboundPort, appPort, appProtocol, gateway, banyan, problems, allUpstreams);
    }

    /** The gateway's name: a DNS label (it is also its service), else a problem and no gateway. */
    private static String gateway(Struct struct, List<String> problems) {
        String name = string(struct, NodeMetadata.GATEWAY, problems);
        if (!name.isEmpty() && !ServiceName.isValid(name)) {
            problems.add(ServiceName.problem(name, NodeMetadata.GATEWAY));
            return "";
        }
        return name;
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

    /** The entries of {@link NodeMetadata#UPSTREAMS}: a list of strings, or one comma-separated string. */
    private static List<String> upstreamEntries(Struct metadata, List<String> problems) {
        Value value = metadata.getFieldsMap().get(NodeMetadata.UPSTREAMS);
        List<String> entries = new ArrayList<>();
        if (value == null || value.hasNullValue()) {
            return List.of();
        } else if (value.hasListValue()) {
            for (Value item : value.getListValue().getValuesList()) {
                if (item.hasStringValue()) {
                    entries.add(item.getStringValue());
                } else {
                    problems.add(NodeMetadata.UPSTREAMS + ": " + describe(item) + " (expected: <service>=<port> or <service>)");
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
                    + " (expected: a list of <service>=<port> or <service>)");
            return List.of();
        }
        return entries;
    }

    /** Each entry parsed; a bad one, or one whose port is {@code taken} or used twice, is a problem and skipped. */
    private static List<Upstream> upstreams(List<String> entries, List<Integer> taken, List<String> problems) {
        List<Upstream> upstreams = new ArrayList<>();
        Set<Integer> used = new HashSet<>(taken);
        used.remove(0);
        Set<String> services = new HashSet<>();
        if (entries.size() > NodeMetadata.MAX_UPSTREAMS) {
            problems.add(NodeMetadata.UPSTREAMS + ": " + entries.size() + " entries (expected: at most "
                    + NodeMetadata.MAX_UPSTREAMS + "; the rest skipped)");
            entries = entries.subList(0, NodeMetadata.MAX_UPSTREAMS);
        }
        for (String entry : entries) {
            Upstream upstream;
            try {
                upstream = Upstream.parse(entry);
            } catch (IllegalArgumentException e) {
                problems.add(NodeMetadata.UPSTREAMS + ": " + e.getMessage());
                continue;
            }
            if (!services.add(upstream.service())) {
                problems.add(NodeMetadata.UPSTREAMS + ": '" + entry + "' " + upstream.service()
                        + " given twice (expected: each service once)");
                continue;
            }
            if (upstream.hasPort() && !used.add(upstream.port())) {
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

    private static Value string(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    private static Value number(int value) {
        return Value.newBuilder().setNumberValue(value).build();
    }
}
