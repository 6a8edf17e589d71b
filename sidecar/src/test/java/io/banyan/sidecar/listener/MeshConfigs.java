package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Hand-built configs: one listener whose every request goes to one EDS cluster of the given ports; the two sides of a
 * mesh hop (inbound to the app, outbound to a mesh endpoint); and serving one.
 */
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

    /**
     * A sidecar's inbound side: listener "inbound" (port 0, {@code policy}) routing every request to the STATIC
     * cluster "local-app" of the app on {@code appPort}.
     */
    static MeshConfig inboundToApp(int appPort, AuthorizationPolicy policy) {
        ClusterConfig localApp = new ClusterConfig("local-app", ClusterConfig.Discovery.STATIC, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1,
                new ClusterEndpoints("local-app", List.of(endpoint(appPort))));
        return new MeshConfig(
                Map.of("inbound", new ListenerConfig("inbound", "127.0.0.1", 0, TrafficDirection.INBOUND, "in", policy)),
                Map.of("in", routes("in", "local-app")), Map.of("local-app", localApp), Map.of(), Map.of());
    }

    /**
     * A calling sidecar: listener "outbound" (port 0) routing every request to the EDS cluster {@code cluster} of one
     * mesh endpoint (mutual TLS) on {@code inboundPort}, spoken to in HTTP/1.1.
     */
    static MeshConfig outboundToMesh(String cluster, int inboundPort) {
        ClusterConfig target = new ClusterConfig(cluster, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1, null);
        Endpoint meshEndpoint = new Endpoint("127.0.0.1", inboundPort, 1, "", true, null);
        return new MeshConfig(
                Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "out")),
                Map.of("out", routes("out", cluster)), Map.of(cluster, target),
                Map.of(cluster, new ClusterEndpoints(cluster, List.of(meshEndpoint))), Map.of());
    }

    /** Routes {@code name}: every request to {@code cluster}. */
    static RouteConfig routes(String name, String cluster) {
        return new RouteConfig(name, List.of(new VirtualHost("all", List.of("*"),
                List.of(new Route(RouteMatch.prefix("/"), RouteAction.toCluster(cluster))))));
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
