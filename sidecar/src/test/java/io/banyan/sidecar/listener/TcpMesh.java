package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.LbPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.dataplane.config.UpstreamProtocol;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.MeshTls;
import io.banyan.sidecar.tls.TestCa;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sidecars of opaque TCP on loopback, as the TCP ITs need them: an {@code orders} sidecar whose inbound tcp_proxy
 * listener (mutual TLS, an authorization policy, an idle timeout) relays to a plain {@link TcpTestServer} app, and
 * calling sidecars, each with its own identity, whose outbound tcp_proxy listener reaches a cluster whose mesh
 * endpoint is that inbound listener. Closes everything it started, last first.
 */
final class TcpMesh implements AutoCloseable {

    static final String INBOUND = "inbound|15006";
    static final String OUTBOUND = "outbound|9001";
    static final String APP_CLUSTER = "inbound|7000";

    /** A calling sidecar: its outbound port and its meters. */
    record Caller(DataPlane dataPlane, int port, SimpleMeterRegistry meters) {
    }

    private final EventLoops loops;
    private final TestCa ca;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final SimpleMeterRegistry serverMeters = new SimpleMeterRegistry();
    private TcpTestServer app;
    private DataPlane server;
    private ClusterConfig localApp;
    private int inboundPort;

    TcpMesh(EventLoops loops, TestCa ca) {
        this.loops = loops;
        this.ca = ca;
    }

    /** Starts the app and the orders sidecar (identity orders) with every caller allowed and the default idle timeout. */
    TcpMesh startOrders() throws Exception {
        return startOrders(AuthorizationPolicy.ALLOW_ALL, ListenerConfig.DEFAULT_TCP_IDLE_TIMEOUT);
    }

    /** Starts the app and the orders sidecar whose inbound listener has {@code policy} and {@code idleTimeout}. */
    TcpMesh startOrders(AuthorizationPolicy policy, Duration idleTimeout) throws Exception {
        app = new TcpTestServer("orders-app");
        resources.add(app);
        MeshTls tls = DataPlaneExtension.meshTls(ca.identity("orders"), serverMeters);
        server = DataPlane.builder(loops, serverMeters).upstreamTls(tls).inboundTls(tls).build();
        resources.add(server);
        localApp = new ClusterConfig(APP_CLUSTER, ClusterConfig.Discovery.STATIC, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1,
                new ClusterEndpoints(APP_CLUSTER, List.of(MeshConfigs.endpoint(app.port()))));
        configureOrders(policy, idleTimeout);
        server.ready().get(5, TimeUnit.SECONDS);
        inboundPort = server.boundPort(INBOUND);
        return this;
    }

    /** What xDS would deliver to the orders sidecar: the same inbound listener with {@code policy}. */
    void configureOrders(AuthorizationPolicy policy, Duration idleTimeout) {
        server.onConfig(new MeshConfig(
                Map.of(INBOUND, ListenerConfig.tcp(INBOUND, "127.0.0.1", 0, TrafficDirection.INBOUND,
                        APP_CLUSTER, policy, idleTimeout)),
                Map.of(), Map.of(APP_CLUSTER, localApp), Map.of(), Map.of()));
    }

    /** A sidecar of {@code service} whose outbound tcp_proxy listener reaches {@code cluster}: the orders sidecar. */
    Caller caller(String service, String cluster) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MeshTls tls = DataPlaneExtension.meshTls(ca.identity(service), meters);
        DataPlane caller = DataPlane.builder(loops, meters).upstreamTls(tls).inboundTls(tls).build();
        resources.add(caller);
        ClusterConfig target = new ClusterConfig(cluster, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1, null);
        Endpoint meshEndpoint = new Endpoint("127.0.0.1", inboundPort, 1, "", true, null);
        caller.onConfig(new MeshConfig(
                Map.of(OUTBOUND, ListenerConfig.tcp(OUTBOUND, "127.0.0.1", 0, TrafficDirection.OUTBOUND, cluster)),
                Map.of(), Map.of(cluster, target), Map.of(cluster, new ClusterEndpoints(cluster, List.of(meshEndpoint))),
                Map.of()));
        caller.ready().get(5, TimeUnit.SECONDS);
        return new Caller(caller, caller.boundPort(OUTBOUND), meters);
    }

    TcpTestServer app() {
        return app;
    }

    DataPlane server() {
        return server;
    }

    SimpleMeterRegistry serverMeters() {
        return serverMeters;
    }

    static double count(SimpleMeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }
}
