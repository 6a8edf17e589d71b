package io.banyan.sidecar.xds;

import io.banyan.api.xds.NodeMetadata;
import io.banyan.api.xds.NodeMetadataCodec;
import io.banyan.api.xds.SidecarMetadata;
import io.banyan.api.xds.Upstream;
import io.banyan.dataplane.config.InstanceSettings;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Builds the xDS {@link Node} a sidecar identifies itself with: id
 * {@code sidecar~<service>~<advertiseHost>~<random>}, cluster = service, the locality zone, and every
 * {@link NodeMetadata} key (written by {@link NodeMetadataCodec}), from which the control plane builds this
 * sidecar's listeners. An edge gateway's node ({@link #gateway}) is {@code gateway~<name>~<listenAddress>~<random>}
 * and says where it listens instead.
 */
public final class NodeFactory {

    private final InstanceSettings settings;
    private final RandomGenerator random;

    public NodeFactory(InstanceSettings settings) {
        this(settings, RandomGenerator.getDefault());
    }

    public NodeFactory(InstanceSettings settings, RandomGenerator random) {
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
        return create(inboundPort, outboundPort, upstreamPorts, false);
    }

    /**
     * The node, {@code allUpstreams} when the sidecar declared {@code --upstream '*'} (every service through its
     * shared outbound port; else it receives only the services it declares and what their routes reference).
     */
    public Node create(int inboundPort, int outboundPort, Map<String, Integer> upstreamPorts, boolean allUpstreams) {
        return create(inboundPort, outboundPort, upstreamPorts, Set.of(), allUpstreams);
    }

    /**
     * The node, also declaring {@code sharedUpstreams} ({@code --upstream SERVICE} without a port: in its scope,
     * reached through the shared outbound port only; a service that has an explicit port is sent once, with it).
     */
    public Node create(int inboundPort, int outboundPort, Map<String, Integer> upstreamPorts,
                       Set<String> sharedUpstreams, boolean allUpstreams) {
        List<Upstream> upstreams = new ArrayList<>();
        new TreeMap<>(Objects.requireNonNull(upstreamPorts, "upstreamPorts")).forEach((service, port) -> {
            checkPort(port, "upstreamPorts[" + service + "]");
            upstreams.add(new Upstream(service, port));
        });
        new TreeSet<>(sharedUpstreams).stream().filter(service -> !upstreamPorts.containsKey(service))
                .forEach(service -> upstreams.add(new Upstream(service, 0)));
        SidecarMetadata metadata = SidecarMetadata.of(settings.service(), settings.zone(), upstreams, allUpstreams,
                checkPort(outboundPort, "outboundPort"), checkPort(inboundPort, "inboundPort"),
                settings.hasApp() ? settings.appPort() : 0, settings.appProtocol().wireName());
        return Node.newBuilder()
                .setId("sidecar~" + settings.service() + "~" + settings.advertiseHost() + "~" + unique())
                .setCluster(settings.service())
                .setLocality(Locality.newBuilder().setZone(settings.zone()))
                .setUserAgentName("banyan")
                .setMetadata(NodeMetadataCodec.encode(metadata))
                .build();
    }

    /**
     * The node of an edge gateway named as the settings' service: {@code BANYAN_GATEWAY}, where it listens (the
     * port actually bound), no app, no inbound, no upstream ports.
     */
    public Node gateway(String listenAddress, int listenPort) {
        SidecarMetadata metadata = SidecarMetadata.gateway(settings.service(), settings.zone(), listenAddress,
                checkPort(listenPort, "listenPort"));
        return Node.newBuilder()
                .setId("gateway~" + settings.service() + "~" + listenAddress + "~" + unique())
                .setCluster(settings.service())
                .setLocality(Locality.newBuilder().setZone(settings.zone()))
                .setUserAgentName("banyan")
                .setMetadata(NodeMetadataCodec.encode(metadata))
                .build();
    }

    private String unique() {
        return String.format("%08x", random.nextInt());
    }

    private static int checkPort(int port, String field) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(field + ": " + port + " (expected: 0..65535)");
        }
        return port;
    }
}
