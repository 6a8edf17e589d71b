package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.Http1Limits;
import io.banyan.dataplane.config.Http2Limits;
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
import io.banyan.sidecar.listener.RawHttpConnection.Response;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.MeshTls;
import io.banyan.sidecar.tls.SslContexts;
import io.banyan.sidecar.tls.TestCa;
import io.banyan.sidecar.tls.WorkloadIdentity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocket;

import static io.banyan.sidecar.testing.DataPlaneExtension.withMeshTls;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The headers a sidecar sets itself, over the whole mesh path (caller's outbound listener, mutual TLS, the server
 * sidecar's inbound listener, the app): the caller cannot forge the peer identity or the error cause, not even by
 * naming them in {@code Connection}, nor any other {@code x-banyan-*} or {@code x-forwarded-client-cert}, whether
 * through its sidecar or straight to the inbound port with a mesh certificate (the inbound sets both from the verified
 * peer); the app cannot forge an error cause on its answer; one request id and the trace context travel end to end;
 * the forwarded headers tell each hop; a request at the header limit passes both sidecars; the app gets, and routes
 * match, the normalised path. The hop between the sidecars is HTTP/1.1 or HTTP/2 (h2 over mutual TLS).
 */
class MeshHeadersIT {

    private static final String CALLER_ID = "spiffe://mesh.local/svc/web";
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private static TestCa ca;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private WorkloadIdentity callerIdentity;
    private ScriptedUpstream app;
    private int inboundPort;
    private int outboundPort;

    @BeforeAll
    static void startLoops() {
        ca = new TestCa();
    }

    @BeforeEach
    void app() {
        callerIdentity = ca.identity("web");
        app = new ScriptedUpstream();
        resources.add(app);
    }

    /** Two sidecars, {@code web} calling {@code orders}; the hop between them speaks {@code meshProtocol}. */
    private void mesh(UpstreamProtocol meshProtocol) throws Exception {
        MeshTls serverTls = DataPlaneExtension.meshTls(ca.identity("orders"), new SimpleMeterRegistry());
        MeshConfig serverConfig = MeshConfigs.inboundToApp(app.port(), AuthorizationPolicy.ALLOW_ALL);
        DataPlane server = dataPlanes.start(new SimpleMeterRegistry(), withMeshTls(serverTls), serverConfig);
        inboundPort = server.boundPort("inbound");

        MeshTls callerTls = DataPlaneExtension.meshTls(callerIdentity, new SimpleMeterRegistry());
        ClusterConfig orders = new ClusterConfig("orders", ClusterConfig.Discovery.EDS, LbPolicy.ROUND_ROBIN,
                Duration.ofSeconds(1), meshProtocol, null);
        Endpoint meshEndpoint = new Endpoint("127.0.0.1", inboundPort, 1, "", true, null);
        MeshConfig callerConfig = new MeshConfig(
                Map.of("outbound", new ListenerConfig("outbound", "127.0.0.1", 0, TrafficDirection.OUTBOUND, "out")),
                Map.of("out", outboundRoutes()), Map.of("orders", orders),
                Map.of("orders", new ClusterEndpoints("orders", List.of(meshEndpoint))), Map.of());
        DataPlane caller = dataPlanes.start(new SimpleMeterRegistry(), withMeshTls(callerTls), callerConfig);
        outboundPort = caller.boundPort("outbound");
    }

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    /** Everything to {@code orders}, except {@code /blocked}: to a cluster that does not exist (503 no_cluster). */
    private static RouteConfig outboundRoutes() {
        return new RouteConfig("out", List.of(new VirtualHost("all", List.of("*"), List.of(
                new Route(RouteMatch.prefix("/blocked"), RouteAction.toCluster("absent")),
                new Route(RouteMatch.prefix("/"), RouteAction.toCluster("orders"))))));
    }

    @Test
    void callerCannotForgeTheMeshHeadersNorNameThemAwayInConnection() throws Exception {
        mesh(UpstreamProtocol.HTTP1);
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
        assertThat(seen.get("x-forwarded-proto")).isEqualTo("http"); // the client's scheme, not the mutual TLS hop's
    }

    @Test
    void aRequestWithoutAnIdGetsOneAtTheFirstSidecarAndKeepsItToTheApp() throws Exception {
        mesh(UpstreamProtocol.HTTP1);
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
        mesh(UpstreamProtocol.HTTP1);
        try (RawHttpConnection client = new RawHttpConnection(outboundPort)) {
            client.send("GET /forge HTTP/1.1\r\nHost: orders\r\n\r\n");
            Response response = client.read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("x-banyan-error")).isNull();
            assertThat(response.bodyText()).isEqualTo("ok");
        }
    }

    @ParameterizedTest(name = "mesh hop {0}")
    @EnumSource(value = UpstreamProtocol.class, names = {"HTTP1", "HTTP2"})
    void noMeshHeaderOrClientCertFromTheAppPassesAndTheInboundSetsThemFromTheVerifiedPeer(UpstreamProtocol hop)
            throws Exception {
        mesh(hop);

        int status = call(hop, "/echo", "X-Banyan-Peer-Identity: spiffe://mesh.local/svc/admin",
                "x-banyan-anything: forged", "X-BANYAN-ROLE: admin", "x-banyan-deadline-ms: garbage",
                "x-forwarded-client-cert: By=spiffe://mesh.local/svc/orders;URI=spiffe://mesh.local/svc/admin");

        assertThat(status).isEqualTo(200);
        HttpHeaders seen = app.seen().get(0).headers();
        assertThat(meshHeaderNames(seen)).containsExactlyInAnyOrder("x-banyan-peer-identity", "x-banyan-deadline-ms");
        assertThat(seen.getAll("x-banyan-peer-identity")).containsExactly(CALLER_ID);
        assertThat(seen.get("x-banyan-deadline-ms")).matches("[0-9]+"); // the inbound sidecar's own remaining time
        assertThat(seen.getAll("x-forwarded-client-cert")).containsExactly(
                "By=spiffe://mesh.local/svc/orders;Hash=" + sha256Hex(callerIdentity.certificate()) + ";URI=" + CALLER_ID);
    }

    @Test
    void aCallerWithAMeshCertificateCannotSendMeshHeadersStraightToTheInboundPort() throws Exception {
        mesh(UpstreamProtocol.HTTP1);
        WorkloadIdentity billing = ca.identity("billing");
        SslContext tls = new SslContexts(SslProvider.JDK).client(billing, "orders");
        SSLSocket socket = (SSLSocket) ((JdkSslContext) tls).context().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), inboundPort);
        socket.startHandshake();

        try (RawHttpConnection client = new RawHttpConnection(socket)) {
            client.send("GET /echo HTTP/1.1\r\nHost: orders\r\nx-banyan-peer-identity: " + CALLER_ID + "\r\n"
                    + "x-banyan-anything: forged\r\nX-Forwarded-Client-Cert: Hash=00;URI=" + CALLER_ID + "\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
        }

        HttpHeaders seen = app.seen().get(0).headers();
        assertThat(meshHeaderNames(seen)).containsExactlyInAnyOrder("x-banyan-peer-identity", "x-banyan-deadline-ms");
        assertThat(seen.getAll("x-banyan-peer-identity")).containsExactly("spiffe://mesh.local/svc/billing");
        assertThat(seen.getAll("x-forwarded-client-cert")).containsExactly("By=spiffe://mesh.local/svc/orders;Hash="
                + sha256Hex(billing.certificate()) + ";URI=spiffe://mesh.local/svc/billing");
    }

    @ParameterizedTest(name = "mesh hop {0}")
    @EnumSource(value = UpstreamProtocol.class, names = {"HTTP1", "HTTP2"})
    void aRequestWithAsManyHeadersAsTheLimitAllowsPassesBothSidecars(UpstreamProtocol hop) throws Exception {
        mesh(hop);
        int limit = Http1Limits.DEFAULT.maxHeaderCount();
        assertThat(Http2Limits.DEFAULT.maxHeaderCount()).isEqualTo(limit);
        String[] headers = new String[limit];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = "x-h" + i + ": " + i;
        }

        // with Host (HTTP/2: :authority) exactly the limit; the calling sidecar adds 4 on the way to the peer
        assertThat(call(hop, "/echo", Arrays.copyOf(headers, limit - 1))).isEqualTo(200);
        assertThat(app.seen().get(0).headers().names()).filteredOn(name -> name.startsWith("x-h")).hasSize(limit - 1);
        assertThat(call(hop, "/echo", headers)).isEqualTo(431); // one more: the outbound refuses
    }

    @ParameterizedTest(name = "mesh hop {0}")
    @EnumSource(value = UpstreamProtocol.class, names = {"HTTP1", "HTTP2"})
    void theAppReceivesTheNormalisedPathAndRoutesMatchOnIt(UpstreamProtocol hop) throws Exception {
        mesh(hop);

        assertThat(call(hop, "/../../etc//passwd?x=/../y")).isEqualTo(200);
        assertThat(call(hop, "/a/%2e%2e/blocked/../echo/./")).isEqualTo(200);
        assertThat(call(hop, "/echo/..//blocked")).isEqualTo(503); // routed as /blocked: no such cluster

        assertThat(app.seen()).extracting(ScriptedUpstream.Seen::uri).containsExactly("/etc/passwd?x=/../y", "/echo/");
    }

    /**
     * One GET to the caller's outbound listener with these extra header lines: over HTTP/1.1 on a raw socket when the
     * mesh hop is HTTP/1.1, with curl over h2c (prior knowledge, the path as is) when it is HTTP/2. Its status.
     */
    private int call(UpstreamProtocol hop, String path, String... headers) throws Exception {
        if (hop == UpstreamProtocol.HTTP1) {
            try (RawHttpConnection client = new RawHttpConnection(outboundPort)) {
                client.send("GET " + path + " HTTP/1.1\r\nHost: orders\r\n"
                        + Arrays.stream(headers).map(header -> header + "\r\n").collect(Collectors.joining()) + "\r\n");
                return client.read().status();
            }
        }
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--http2-prior-knowledge", "--path-as-is",
                "-o", "/dev/null", "-w", "%{http_code}", "-H", "Host: orders", "-H", "User-Agent:", "-H", "Accept:"));
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        command.add("http://127.0.0.1:" + outboundPort + path);
        List<String> out = Commands.run(command.toArray(String[]::new));
        return Integer.parseInt(out.get(out.size() - 1));
    }

    private static List<String> meshHeaderNames(HttpHeaders headers) {
        return headers.names().stream().map(name -> name.toLowerCase(Locale.ROOT))
                .filter(name -> name.startsWith("x-banyan-")).toList();
    }

    private static String sha256Hex(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }
}
