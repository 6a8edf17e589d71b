package io.banyan.sidecar.xds;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.NodeMetadata;
import io.banyan.sidecar.SidecarSettings;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Builds the xDS {@link Node} a sidecar identifies itself with: id
 * {@code sidecar~<service>~<advertiseHost>~<random>}, cluster = service, the locality zone, and every
 * {@link NodeMetadata} key, from which the control plane builds this sidecar's listeners.
 */
public final class NodeFactory {

    /** Where the control plane is told to put the outbound listeners. */
    public static final String DEFAULT_OUTBOUND_ADDRESS = "127.0.0.1";
    /** Where the control plane is told to put the inbound listener. */
    public static final String DEFAULT_INBOUND_ADDRESS = "0.0.0.0";

    private final SidecarSettings settings;
    private final RandomGenerator random;

    public NodeFactory(SidecarSettings settings) {
        this(settings, RandomGenerator.getDefault());
    }

    public NodeFactory(SidecarSettings settings, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The node, with the ports actually bound (settings may say 0 for "any free port").
     *
     * @param inboundPort   the inbound listener's port; ignored (sent as absent) for a client-only sidecar
     * @param outboundPort  the shared outbound port, 0 for none
     * @param upstreamPorts explicit outbound ports by service
     */
    public Node create(int inboundPort, int outboundPort, Map<String, Integer> upstreamPorts) {
        checkPort(inboundPort, "inboundPort");
        checkPort(outboundPort, "outboundPort");
        Struct.Builder metadata = Struct.newBuilder()
                .putFields(NodeMetadata.SERVICE, string(settings.service()))
                .putFields(NodeMetadata.UPSTREAMS, upstreams(upstreamPorts))
                .putFields(NodeMetadata.OUTBOUND_PORT, number(outboundPort))
                .putFields(NodeMetadata.OUTBOUND_ADDRESS, string(DEFAULT_OUTBOUND_ADDRESS))
                .putFields(NodeMetadata.INBOUND_ADDRESS, string(DEFAULT_INBOUND_ADDRESS))
                .putFields(NodeMetadata.ZONE, string(settings.zone()));
        if (settings.hasApp()) {
            metadata.putFields(NodeMetadata.INBOUND_PORT, number(inboundPort))
                    .putFields(NodeMetadata.APP_PORT, number(settings.appPort()))
                    .putFields(NodeMetadata.APP_PROTOCOL, string(settings.appProtocol().wireName()));
        }
        return Node.newBuilder()
                .setId("sidecar~" + settings.service() + "~" + settings.advertiseHost() + "~" + unique())
                .setCluster(settings.service())
                .setLocality(Locality.newBuilder().setZone(settings.zone()))
                .setUserAgentName("banyan")
                .setMetadata(metadata)
                .build();
    }

    private String unique() {
        return String.format("%08x", random.nextInt());
    }

    private static Value upstreams(Map<String, Integer> upstreamPorts) {
        ListValue.Builder list = ListValue.newBuilder();
        new TreeMap<>(Objects.requireNonNull(upstreamPorts, "upstreamPorts")).forEach((service, port) -> {
            checkPort(port, "upstreamPorts[" + service + "]");
            list.addValues(string(service + "=" + port));
        });
        return Value.newBuilder().setListValue(list).build();
    }

    private static void checkPort(int port, String field) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(field + ": " + port + " (expected: 0..65535)");
        }
    }

    private static Value string(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    private static Value number(int value) {
        return Value.newBuilder().setNumberValue(value).build();
    }
}
