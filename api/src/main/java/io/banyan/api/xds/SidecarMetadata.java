package io.banyan.api.xds;

import java.util.List;

/**
 * The values of a node's {@link NodeMetadata} keys, defaults applied. Port 0 means "none".
 *
 * @param service         the service this sidecar belongs to; empty when not sent
 * @param zone            the sidecar's zone; empty when not sent
 * @param upstreams       explicit outbound ports, each bound to one service, in the order sent
 * @param outboundAddress address of the outbound listeners
 * @param outboundPort    shared outbound port routing by Host; 0 = none
 * @param inboundAddress  address of the inbound listener
 * @param inboundPort     inbound port; 0 = none
 * @param appPort         the local app's port; 0 = none (client-only sidecar)
 * @param appProtocol     the wire name of what the local app speaks ({@code http}, {@code http2}, {@code grpc},
 *                        {@code tcp}); checked by the reader, who knows its protocols
 * @param gateway         the gateway's name when the node is an edge gateway ({@link NodeMetadata#GATEWAY}: no app,
 *                        no inbound, its outbound address and port are where it listens); empty for a sidecar
 * @param banyan          whether the node sent any Banyan metadata key (false for a plain Envoy)
 * @param problems        bad values that were skipped on reading, one message each; empty when written
 * @param allUpstreams    whether the sidecar declared {@code --upstream '*'} ({@link Upstream#ALL} among
 *                        {@link NodeMetadata#UPSTREAMS}): every service through its shared outbound port
 */
public record SidecarMetadata(String service, String zone, List<Upstream> upstreams, String outboundAddress,
                              int outboundPort, String inboundAddress, int inboundPort, int appPort,
                              String appProtocol, String gateway, boolean banyan, List<String> problems,
                              boolean allUpstreams) {

    public SidecarMetadata {
        service = service == null ? "" : service;
        zone = zone == null ? "" : zone;
        upstreams = List.copyOf(upstreams);
        outboundAddress = orDefault(outboundAddress, NodeMetadata.DEFAULT_OUTBOUND_ADDRESS);
        inboundAddress = orDefault(inboundAddress, NodeMetadata.DEFAULT_INBOUND_ADDRESS);
        port(outboundPort, "outboundPort");
        port(inboundPort, "inboundPort");
        port(appPort, "appPort");
        appProtocol = orDefault(appProtocol, NodeMetadata.DEFAULT_APP_PROTOCOL);
        gateway = gateway == null ? "" : gateway;
        problems = List.copyOf(problems);
    }

    /** Without {@code --upstream '*'}. */
    public SidecarMetadata(String service, String zone, List<Upstream> upstreams, String outboundAddress,
                           int outboundPort, String inboundAddress, int inboundPort, int appPort,
                           String appProtocol, String gateway, boolean banyan, List<String> problems) {
        this(service, zone, upstreams, outboundAddress, outboundPort, inboundAddress, inboundPort, appPort,
                appProtocol, gateway, banyan, problems, false);
    }

    /** What a sidecar sends about itself: its default listen addresses, nothing skipped. */
    public static SidecarMetadata of(String service, String zone, List<Upstream> upstreams, int outboundPort,
                                     int inboundPort, int appPort, String appProtocol) {
        return new SidecarMetadata(service, zone, upstreams, null, outboundPort, null, inboundPort, appPort,
                appProtocol, "", true, List.of());
    }

    /** What a sidecar sends about itself, {@code allUpstreams} when it declared {@code --upstream '*'}. */
    public static SidecarMetadata of(String service, String zone, List<Upstream> upstreams, boolean allUpstreams,
                                     int outboundPort, int inboundPort, int appPort, String appProtocol) {
        return new SidecarMetadata(service, zone, upstreams, null, outboundPort, null, inboundPort, appPort,
                appProtocol, "", true, List.of(), allUpstreams);
    }

    /**
     * What an edge gateway sends about itself: its name (also its service), where it listens (its one listener is
     * an outbound one), no app, no inbound, no upstream ports.
     */
    public static SidecarMetadata gateway(String name, String zone, String listenAddress, int listenPort) {
        return new SidecarMetadata(name, zone, List.of(), listenAddress, listenPort, null, 0, 0, null, name, true,
                List.of());
    }

    /** Whether the node is an edge gateway. */
    public boolean isGateway() {
        return !gateway.isEmpty();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static void port(int value, String field) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0..65535)");
        }
    }
}
