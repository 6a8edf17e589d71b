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
import io.banyan.sidecar.listener.RawHttpConnection.Response;
import io.banyan.sidecar.tls.MeshTls;
import io.banyan.sidecar.tls.SslContexts;
import io.banyan.sidecar.tls.TestCa;
import io.banyan.sidecar.tls.TlsMetrics;
import io.banyan.sidecar.upstream.PoolSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headers a sidecar sets itself, over the whole mesh path (caller's outbound listener, mutual TLS, the server
 * sidecar's inbound listener, the app): the caller cannot forge the peer identity or the error cause, not even by
 * naming them in {@code Connection}; the app cannot forge an error cause on its answer; one request id and the
 * trace context travel end to end; the forwarded headers tell each hop.
 */
class MeshHeadersIT {

    private static final String CALLER_ID = "spiffe://mesh.local/svc/web";
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private static EventLoops loops;
    private static TestCa ca;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private ScriptedUpstream app;
    private int outboundPort;

    @BeforeAll
    static void startLoops() {
        loops = EventLoops.create(2);
        ca = new TestCa();
    }

    @AfterAll
    static void stopLoops() {
        loops.close();
    }

    @BeforeEach
    void mesh() throws Exception {
        app = new ScriptedUpstream();
        resources.add(app);
        MeshTls serverTls = new MeshTls(new SslContexts(SslContexts.defaultProvider()),
                new TlsMetrics(new SimpleMeterRegistry()));
        serverTls.onIdentity(ca.identity("orders"));
        DataPlane server = new DataPlane(loops, new SimpleMeterRegistry(), serverTls, serverTls, PoolSettings.DEFAULT);
        resources.add(server);
        int inboundPort = FreePorts.pick();
        ClusterConfig localApp = new ClusterConfig("local-app", ClusterConfig.Discovery.STATIC, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1,
                new ClusterEndpoints("local-app", List.of(MeshConfigs.endpoint(app.port()))));
        server.onConfig(new MeshConfig(
                Map.of("inbound", new ListenerConfig("inbound", "127.0.0.1", inboundPort, TrafficDirection.INBOUND, "in")),
                Map.of("in", routes("in", "local-app")), Map.of("local-app", localApp), Map.of(), Map.of()));
        server.ready().get(5, TimeUnit.SECONDS);

        MeshTls callerTls = new MeshTls(new SslContexts(SslContexts.defaultProvider()),
                new TlsMetrics(new SimpleMeterRegistry()));
        callerTls.onIdentity(ca.identity("web"));
        DataPlane caller = new DataPlane(loops, new SimpleMeterRegistry(), callerTls, callerTls, PoolSettings.DEFAULT);
        resources.add(caller);
        outboundPort = FreePorts.pick();
        ClusterConfig orders = new ClusterConfig("orders", ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), UpstreamProtocol.HTTP1, null);
        Endpoint meshEndpoint = new Endpoint("127.0.0.1", inboundPort, 1, "", true, null);
        caller.onConfig(new MeshConfig(
                Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", outboundPort, TrafficDirection.OUTBOUND, "out")),
                Map.of("out", routes("out", "orders")), Map.of("orders", orders),
                Map.of("orders", new ClusterEndpoints("orders", List.of(meshEndpoint))), Map.of()));
        caller.ready().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private static RouteConfig routes(String name, String cluster) {
        return new RouteConfig(name, List.of(new VirtualHost("all", List.of("*"),
                List.of(new Route(RouteMatch.prefix("/"), RouteAction.toCluster(cluster))))));
    }

    @Test
    void callerCannotForgeTheMeshHeadersNorNameThemAwayInConnection() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(outboundPort)) {
            client.send("GET /echo HTTP/1.1\r\nHost: orders\r\n"
                    + "Connection: x-banyan-peer-identity, x-request-id, x-forwarded-for\r\n"
                    + "x-banyan-peer-identity: spiffe://mesh.local/svc/admin\r\nx-banyan-error: forged\r\n"
                    + "x-request-id: r-42\r\ntraceparent: " + TRACEPARENT + "\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
        }
        HttpHeaders seen = app.seen().get(0).headers();
        assertThat(seen.getAll("x-banyan-peer-identity")).containsExactly(CALLER_ID); // the verified one only
        assertThat(seen.contains("x-banyan-error")).isFalse();
        assertThat(seen.getAll("x-request-id")).containsExactly("r-42");
        assertThat(seen.get("traceparent")).isEqualTo(TRACEPARENT);
        assertThat(seen.get("x-forwarded-for")).isEqualTo("127.0.0.1, 127.0.0.1"); // the client, then the calling sidecar
        assertThat(seen.get("x-forwarded-proto")).isEqualTo("https"); // the hop into the inbound sidecar was TLS
    }

    @Test
    void aRequestWithoutAnIdGetsOneAtTheFirstSidecarAndKeepsItToTheApp() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(outboundPort)) {
            client.send("GET /echo HTTP/1.1\r\nHost: orders\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
            client.send("GET /echo HTTP/1.1\r\nHost: orders\r\nx-request-id: bad id, with spaces\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
        }
        List<String> ids = app.seen().stream().map(request -> request.headers().get("x-request-id")).toList();
        assertThat(ids).hasSize(2).allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
    }

    @Test
    void theAppCannotForgeAnErrorCauseOnItsAnswer() throws Exception {
        try (RawHttpConnection client = new RawHttpConnection(outboundPort)) {
            client.send("GET /forge HTTP/1.1\r\nHost: orders\r\n\r\n");
            Response response = client.read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("x-banyan-error")).isNull();
            assertThat(response.bodyText()).isEqualTo("ok");
        }
    }
}
