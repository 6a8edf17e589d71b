package io.banyan.sidecar.listener;

import io.banyan.sidecar.config.ClusterConfig;
import io.banyan.sidecar.config.ClusterEndpoints;
import io.banyan.sidecar.config.Endpoint;
import io.banyan.sidecar.config.LbPolicy;
import io.banyan.sidecar.config.ListenerConfig;
import io.banyan.sidecar.config.MeshConfig;
import io.banyan.sidecar.config.Route;
import io.banyan.sidecar.config.RouteAction;
import io.banyan.sidecar.config.RouteConfig;
import io.banyan.sidecar.config.RouteMatch;
import io.banyan.sidecar.config.TrafficDirection;
import io.banyan.sidecar.config.UpstreamProtocol;
import io.banyan.sidecar.config.VirtualHost;
import io.banyan.sidecar.config.WeightedCluster;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Hand-built configs: one listener whose every request goes to one EDS cluster of the given ports; and serving one. */
final class MeshConfigs {

    static final String CLUSTER = "orders";

    private MeshConfigs() {
    }

    static Endpoint endpoint(int port) {
        return new Endpoint("127.0.0.1", port, 1, "", false, null);
    }

    /** Gives {@code dataPlane} {@code config}, waits until it serves it, and returns the bound port of its "outbound" listener. */
    static int serveOutbound(DataPlane dataPlane, MeshConfig config) throws Exception {
        dataPlane.onConfig(config);
        dataPlane.ready().get(5, TimeUnit.SECONDS);
        return dataPlane.boundListeners().get("outbound").getPort();
    }

    static MeshConfig oneCluster(String listener, int listenerPort, Duration timeout, int... upstreamPorts) {
        return oneCluster(List.of(new ListenerConfig(listener, "127.0.0.1", listenerPort, TrafficDirection.OUTBOUND, "rc")),
                timeout, upstreamPorts);
    }

    static MeshConfig oneCluster(List<ListenerConfig> listeners, Duration timeout, int... upstreamPorts) {
        VirtualHost all = new VirtualHost("all", List.of("*"), List.of(new Route(RouteMatch.prefix("/"),
                new RouteAction(List.of(new WeightedCluster(CLUSTER, 1)), timeout))));
        ClusterConfig cluster = new ClusterConfig(CLUSTER, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(2), UpstreamProtocol.HTTP1, null);
        List<Endpoint> endpoints = Arrays.stream(upstreamPorts).mapToObj(MeshConfigs::endpoint).toList();
        return new MeshConfig(
                listeners.stream().collect(java.util.stream.Collectors.toMap(ListenerConfig::name, l -> l)),
                Map.of("rc", new RouteConfig("rc", List.of(all))),
                Map.of(CLUSTER, cluster),
                Map.of(CLUSTER, new ClusterEndpoints(CLUSTER, endpoints)),
                Map.of());
    }
}
