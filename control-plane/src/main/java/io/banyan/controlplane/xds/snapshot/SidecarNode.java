package io.banyan.controlplane.xds.snapshot;

import io.banyan.api.xds.NodeMetadata;
import io.banyan.api.xds.Upstream;
import io.banyan.controlplane.registry.Protocol;

import java.util.List;
import java.util.Objects;

/**
 * What the control plane needs to know about one xDS client, parsed once from its {@code Node}.
 * A node without Banyan metadata (a plain Envoy) gets the defaults: the shared outbound listener on
 * 127.0.0.1:15001 and no inbound side ({@link NodeMetadata}'s defaults). Port 0 means "none".
 *
 * @param id              the node id (the snapshot cache key)
 * @param cluster         the node's cluster (a Banyan sidecar sends its service)
 * @param service         the service this sidecar belongs to; empty when unknown
 * @param zone            the node's zone; empty when unknown
 * @param upstreams       explicit outbound ports, each bound to one service
 * @param outboundAddress address of the outbound listeners
 * @param outboundPort    shared outbound port routing by Host; 0 = none
 * @param inboundAddress  address of the inbound listener
 * @param inboundPort     inbound port; 0 = none
 * @param appPort         the local app's port; 0 = none (client-only sidecar)
 * @param appProtocol     what the local app speaks (tcp: the inbound listener proxies opaque bytes)
 * @param banyan          whether the node sent any Banyan metadata key
 * @param problems        bad metadata values that were skipped, one message each
 * @param gateway         the gateway's name when the node is an edge gateway (then also its service; its one
 *                        listener is at the outbound address and port, with the routes
 *                        {@code ResourceNames.gatewayRoutes(gateway)}); null for a sidecar
 * @param allUpstreams    whether the sidecar declared {@code --upstream '*'}: every service, as a gateway gets
 */
public record SidecarNode(String id, String cluster, String service, String zone, List<Upstream> upstreams,
                          String outboundAddress, int outboundPort, String inboundAddress, int inboundPort,
                          int appPort, Protocol appProtocol, boolean banyan, List<String> problems,
                          String gateway, boolean allUpstreams) {

    public SidecarNode {
        Objects.requireNonNull(id, "id");
        cluster = cluster == null ? "" : cluster;
        service = service == null ? "" : service;
        zone = zone == null ? "" : zone;
        upstreams = List.copyOf(upstreams);
        Objects.requireNonNull(outboundAddress, "outboundAddress");
        Objects.requireNonNull(inboundAddress, "inboundAddress");
        port(outboundPort, "outboundPort");
        port(inboundPort, "inboundPort");
        port(appPort, "appPort");
        appProtocol = appProtocol == null ? Protocol.HTTP : appProtocol;
        problems = List.copyOf(problems);
        gateway = gateway == null || gateway.isEmpty() ? null : gateway;
    }

    /** Scoped to what it declared (no {@code --upstream '*'}). */
    public SidecarNode(String id, String cluster, String service, String zone, List<Upstream> upstreams,
                       String outboundAddress, int outboundPort, String inboundAddress, int inboundPort,
                       int appPort, Protocol appProtocol, boolean banyan, List<String> problems, String gateway) {
        this(id, cluster, service, zone, upstreams, outboundAddress, outboundPort, inboundAddress, inboundPort,
                appPort, appProtocol, banyan, problems, gateway, false);
    }

    /** A sidecar's node (no gateway). */
    public SidecarNode(String id, String cluster, String service, String zone, List<Upstream> upstreams,
                       String outboundAddress, int outboundPort, String inboundAddress, int inboundPort,
                       int appPort, Protocol appProtocol, boolean banyan, List<String> problems) {
        this(id, cluster, service, zone, upstreams, outboundAddress, outboundPort, inboundAddress, inboundPort,
                appPort, appProtocol, banyan, problems, null);
    }

    /** A node whose local app speaks HTTP. */
    public SidecarNode(String id, String cluster, String service, String zone, List<Upstream> upstreams,
                       String outboundAddress, int outboundPort, String inboundAddress, int inboundPort,
                       int appPort, boolean banyan, List<String> problems) {
        this(id, cluster, service, zone, upstreams, outboundAddress, outboundPort, inboundAddress, inboundPort,
                appPort, Protocol.HTTP, banyan, problems);
    }

    /** A node that sent nothing but its id: every default applies. */
    public static SidecarNode plain(String id) {
        return new SidecarNode(id, "", "", "", List.of(), NodeMetadata.DEFAULT_OUTBOUND_ADDRESS,
                NodeMetadata.DEFAULT_OUTBOUND_PORT, NodeMetadata.DEFAULT_INBOUND_ADDRESS, 0, 0, false, List.of());
    }

    /** Whether the node gets an inbound listener and the local-app cluster (never a gateway). */
    public boolean hasInbound() {
        return gateway == null && appPort > 0 && inboundPort > 0;
    }

    /**
     * Whether the node receives every service: a gateway, a sidecar that declared {@code --upstream '*'}, or a node
     * without Banyan metadata (a plain Envoy, which has no way to declare its upstreams).
     */
    public boolean receivesEveryService() {
        return allUpstreams || isGateway() || !banyan;
    }

    /** Whether the node is an edge gateway: one listener with the gateway's routes, no inbound, no upstream ports. */
    public boolean isGateway() {
        return gateway != null;
    }

    private static void port(int value, String field) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0..65535)");
        }
    }
}
