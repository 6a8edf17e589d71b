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
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.CertificateFiles;
import io.banyan.sidecar.tls.EdgeTls;
import io.banyan.sidecar.tls.SslContexts;
import io.banyan.sidecar.tls.TestCa;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.banyan.sidecar.testing.DataPlaneExtension.withMeshTls;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An edge gateway's data plane with a hand-built {@code gateway|edge} table, as the control plane will publish it
 * once routes are set: {@code /orders} to a mesh service behind its sidecar (mutual TLS, the gateway's identity
 * {@code svc/edge} seen by the app), everything else to a plain monolith (plaintext, no identity). The app behind
 * the mesh hop sees the client's scheme (the gateway's, not the mutual TLS hop's) and none of the forwarding headers
 * the client forged.
 */
class GatewayForwardingIT {

    private static final String EDGE_ID = "spiffe://mesh.local/svc/edge";
    private static final String SHOP = "shop.example.com";

    @RegisterExtension
    final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final TestCa ca = new TestCa();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private TestUpstream orders;
    private TestUpstream monolith;

    @AfterEach
    void stopApps() {
        if (orders != null) {
            orders.close();
        }
        if (monolith != null) {
            monolith.close();
        }
    }

    @Test
    void aMeshServiceIsReachedOverMutualTls_aPlainMonolithInPlaintext() throws Exception {
        int port = startEdge(null);

        HttpResponse<String> toOrders = get(port, "/orders/42");
        HttpResponse<String> toMonolith = get(port, "/users/7");

        assertThat(toOrders.statusCode()).isEqualTo(200);
        assertThat(toOrders.body()).isEqualTo("orders");
        assertThat(toOrders.headers().firstValue("x-upstream-peer-identity")).hasValue(EDGE_ID);
        assertThat(toMonolith.statusCode()).isEqualTo(200);
        assertThat(toMonolith.body()).isEqualTo("monolith");
        assertThat(toMonolith.headers().firstValue("x-upstream-peer-identity")).hasValue("-");
    }

    @Test
    void aPlaintextClientsSchemeReachesTheAppBehindTheMutualTlsHop_andItsForgedForwardingHeadersDoNot()
            throws Exception {
        int port = startEdge(null);

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/orders/42"))
                .header("x-forwarded-proto", "https")
                .header("x-forwarded-host", "admin.internal")
                .header("forwarded", "for=6.6.6.6;proto=https")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("orders");
        assertThat(response.headers().firstValue("x-upstream-forwarded-proto")).hasValue("http");
        assertThat(response.headers().firstValue("x-upstream-forwarded-host")).hasValue("-");
        assertThat(response.headers().firstValue("x-upstream-forwarded")).hasValue("-");
    }

    @Test
    void aTlsClientsSchemeReachesTheAppBehindTheMutualTlsHop(@TempDir Path dir) throws Exception {
        io.banyan.testkit.tls.TestCa edgeCa = new io.banyan.testkit.tls.TestCa();
        CertificateFiles files = new CertificateFiles(dir.resolve("shop.crt"), dir.resolve("shop.key"));
        edgeCa.issueServer(SHOP).writeTo(files.certificate(), files.key());
        int port = startEdge(EdgeTls.load(List.of(files), new SslContexts(SslContexts.defaultProvider()),
                new SimpleMeterRegistry()));

        List<String> head;
        try (SSLSocket socket = tlsTo(port, edgeCa)) {
            socket.getOutputStream().write(("GET /orders/42 HTTP/1.1\r\nHost: " + SHOP
                    + "\r\nx-forwarded-proto: http\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            head = ResponseHeads.read(socket);
        }

        assertThat(head.get(0)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(head).contains("x-upstream-forwarded-proto: https", "x-upstream-peer-identity: " + EDGE_ID);
    }

    /** The orders app behind its sidecar, the monolith, and the edge ({@code tls} null: plaintext); its port. */
    private int startEdge(EdgeTls tls) throws Exception {
        orders = new TestUpstream("orders");
        monolith = new TestUpstream("monolith");
        SimpleMeterRegistry ordersMeters = new SimpleMeterRegistry();
        DataPlane ordersSidecar = dataPlanes.start(ordersMeters,
                withMeshTls(DataPlaneExtension.meshTls(ca.identity("orders"), ordersMeters)),
                MeshConfigs.inboundToApp(orders.port(), AuthorizationPolicy.ALLOW_ALL));
        SimpleMeterRegistry edgeMeters = new SimpleMeterRegistry();
        DataPlane edge = dataPlanes.start(edgeMeters, builder -> builder
                        .upstreamTls(DataPlaneExtension.meshTls(ca.identity("edge"), edgeMeters)).edge(tls),
                gatewayRoutes(ordersSidecar.boundPort("inbound"), monolith.port()));
        return edge.boundPort("outbound|8080");
    }

    private static SSLSocket tlsTo(int port, io.banyan.testkit.tls.TestCa edgeCa) throws Exception {
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        roots.load(null, null);
        roots.setCertificateEntry("root", edgeCa.root().root());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, SHOP, port, true);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(SHOP)));
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** Listener {@code outbound|8080} (port 0) with {@code gateway|edge}: /orders to orders, the rest to monolith. */
    private static MeshConfig gatewayRoutes(int ordersInbound, int monolithPort) {
        VirtualHost any = new VirtualHost("*", List.of("*"), List.of(
                new Route(RouteMatch.prefix("/orders"), RouteAction.toCluster("orders")),
                new Route(RouteMatch.prefix("/"), RouteAction.toCluster("monolith"))));
        return new MeshConfig(
                Map.of("outbound|8080", new ListenerConfig("outbound|8080", "127.0.0.1", 0, TrafficDirection.OUTBOUND,
                        "gateway|edge")),
                Map.of("gateway|edge", new RouteConfig("gateway|edge", List.of(any))),
                Map.of("orders", cluster("orders"), "monolith", cluster("monolith")),
                Map.of("orders", new ClusterEndpoints("orders",
                                List.of(new Endpoint("127.0.0.1", ordersInbound, 1, "", true, null))),
                        "monolith", new ClusterEndpoints("monolith",
                                List.of(new Endpoint("127.0.0.1", monolithPort, 1, "", false, null)))),
                Map.of());
    }

    private static ClusterConfig cluster(String name) {
        return new ClusterConfig(name, ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN, Duration.ofSeconds(2),
                UpstreamProtocol.HTTP1, null);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
