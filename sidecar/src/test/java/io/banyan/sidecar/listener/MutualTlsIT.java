package io.banyan.sidecar.listener;

import io.banyan.certs.Usage;
import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.MeshTls;
import io.banyan.sidecar.tls.SslContexts;
import io.banyan.sidecar.tls.TestCa;
import io.banyan.sidecar.tls.TlsMetrics;
import io.banyan.sidecar.tls.WorkloadIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.banyan.sidecar.testing.DataPlaneExtension.withMeshTls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two data planes on loopback, as two sidecars: the caller's outbound listener routes to cluster {@code orders},
 * whose mesh endpoint is the other's inbound listener (mutual TLS), which forwards to a test app.
 */
class MutualTlsIT {

    private static final String WEB = "web";
    private static final String ORDERS = "orders";
    private static final String WEB_ID = "spiffe://mesh.local/svc/web";

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private static TestCa ca;
    private final SimpleMeterRegistry callerMeters = new SimpleMeterRegistry();
    private final SimpleMeterRegistry serverMeters = new SimpleMeterRegistry();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private MeshTls callerTls;
    private MeshTls serverTls;
    private TestUpstream app;
    private int inboundPort;
    private int outboundPort;

    @BeforeAll
    static void start() {
        ca = new TestCa();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    /** Starts app, the server sidecar (identity {@code serverIdentity}), and the caller (cluster {@code cluster}). */
    private void mesh(WorkloadIdentity callerIdentity, WorkloadIdentity serverIdentity, String cluster) throws Exception {
        app = new TestUpstream("app");
        resources.add(app);
        serverTls = new MeshTls(new SslContexts(SslContexts.defaultProvider()), new TlsMetrics(serverMeters));
        if (serverIdentity != null) {
            serverTls.onIdentity(serverIdentity);
        }
        MeshConfig serverConfig = MeshConfigs.inboundToApp(app.port(), AuthorizationPolicy.ALLOW_ALL);
        DataPlane server = dataPlanes.start(serverMeters, withMeshTls(serverTls), serverConfig);
        inboundPort = server.boundPort("inbound");

        callerTls = DataPlaneExtension.meshTls(callerIdentity, callerMeters);
        MeshConfig callerConfig = MeshConfigs.outboundToMesh(cluster, inboundPort);
        DataPlane caller = dataPlanes.start(callerMeters, withMeshTls(callerTls), callerConfig);
        outboundPort = caller.boundPort("outbound");
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + outboundPort + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double failures(SimpleMeterRegistry registry, String direction, String reason) {
        Counter counter = registry.find(MetricNames.TLS_HANDSHAKE_FAILURES).tags("direction", direction, "reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static double allFailures(SimpleMeterRegistry registry, String direction) {
        return registry.find(MetricNames.TLS_HANDSHAKE_FAILURES).tag("direction", direction).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    @Test
    void requestPassesOverMutualTlsAndTheAppSeesTheCallersIdentity() throws Exception {
        mesh(ca.identity(WEB), ca.identity(ORDERS), ORDERS);

        HttpResponse<String> response = get("/hello");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("app");
        assertThat(response.headers().firstValue("x-upstream-peer-identity")).hasValue(WEB_ID);
        assertThat(SslContexts.defaultProvider()).isEqualTo(SslProvider.OPENSSL);
        assertThat(allFailures(serverMeters, "inbound") + allFailures(callerMeters, "outbound")).isZero();
    }

    @Test
    void anInjectedPeerIdentityOrErrorHeaderIsReplacedOrStripped() throws Exception {
        mesh(ca.identity(WEB), ca.identity(ORDERS), ORDERS);

        HttpResponse<String> response = get("/hello", "x-banyan-peer-identity", "spiffe://mesh.local/svc/admin",
                "x-banyan-error", "forged");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-upstream-peer-identity")).hasValue(WEB_ID);
        assertThat(response.headers().firstValue("x-upstream-error-header")).hasValue("-");
    }

    @Test
    void aServerWithTheIdentityOfAnotherServiceIsRefusedBeforeAnyRequestByte() throws Exception {
        // the caller means to reach "payments", but the endpoint is an "orders" sidecar
        mesh(ca.identity(WEB), ca.identity(ORDERS), "payments");

        HttpResponse<String> response = get("/hello");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("x-banyan-error")).hasValue("upstream_tls_failure");
        assertThat(failures(callerMeters, "outbound", "peer_mismatch")).isGreaterThanOrEqualTo(1);
        assertThat(app.requests()).isZero();
    }

    @Test
    void aServerPresentingAClientOnlyCertificateIsRefused() throws Exception {
        mesh(ca.identity(WEB), ca.identity(ORDERS, Usage.CLIENT, Duration.ZERO, Duration.ofHours(1)), ORDERS);

        HttpResponse<String> response = get("/hello");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("x-banyan-error")).hasValue("upstream_tls_failure");
        assertThat(failures(callerMeters, "outbound", "usage")).isGreaterThanOrEqualTo(1);
        assertThat(app.requests()).isZero();
    }

    @Test
    void aServerWithAnExpiredCertificateIsRefused() throws Exception {
        mesh(ca.identity(WEB), ca.identity(ORDERS, Usage.BOTH, Duration.ofHours(-3), Duration.ofHours(1)), ORDERS);

        HttpResponse<String> response = get("/hello");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(failures(callerMeters, "outbound", "expired")).isGreaterThanOrEqualTo(1);
        assertThat(app.requests()).isZero();
    }

    @Test
    void aClientCertificateFromAForeignCaIsRefused() throws Exception {
        TestCa foreign = new TestCa();
        // the caller trusts our CA (so it accepts the server) but presents a certificate of another CA
        mesh(foreign.identity(WEB, Usage.BOTH, Duration.ZERO, Duration.ofHours(1), ca.bundle()), ca.identity(ORDERS), ORDERS);

        assertRefusedByServer("untrusted");
    }

    @Test
    void anExpiredClientCertificateIsRefused() throws Exception {
        mesh(ca.identity(WEB, Usage.BOTH, Duration.ofHours(-3), Duration.ofHours(1)), ca.identity(ORDERS), ORDERS);

        assertRefusedByServer("expired");
    }

    @Test
    void aNotYetValidClientCertificateIsRefused() throws Exception {
        mesh(ca.identity(WEB, Usage.BOTH, Duration.ofHours(3), Duration.ofHours(1)), ca.identity(ORDERS), ORDERS);

        assertRefusedByServer("not_yet_valid");
    }

    @Test
    void aServerOnlyCertificatePresentedByAClientIsRefused() throws Exception {
        mesh(ca.identity(WEB, Usage.SERVER, Duration.ZERO, Duration.ofHours(1)), ca.identity(ORDERS), ORDERS);

        assertRefusedByServer("usage");
    }

    private void assertRefusedByServer(String reason) throws Exception {
        HttpResponse<String> response = get("/hello");

        assertThat(response.statusCode()).isIn(502, 503);
        assertThat(response.headers().firstValue("x-banyan-error")).isPresent();
        await().atMost(Duration.ofSeconds(5)).until(() -> failures(serverMeters, "inbound", reason) >= 1);
        assertThat(app.requests()).isZero();
    }

    @Test
    void aPlaintextConnectionToTheInboundPortGetsNothing() throws Exception {
        mesh(ca.identity(WEB), ca.identity(ORDERS), ORDERS);

        String answer = rawExchange(inboundPort, "GET /hello HTTP/1.1\r\nHost: orders\r\n\r\n");

        assertThat(answer).doesNotContain("HTTP/1.1");
        assertThat(app.requests()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> failures(serverMeters, "inbound", "not_tls") >= 1);
    }

    @Test
    void anInboundListenerWithoutIdentityYetClosesEveryConnection() throws Exception {
        mesh(ca.identity(WEB), null, ORDERS);

        String answer = rawExchange(inboundPort, "GET /hello HTTP/1.1\r\nHost: orders\r\n\r\n");
        HttpResponse<String> response = get("/hello");

        assertThat(answer).isEmpty();
        assertThat(response.statusCode()).isIn(502, 503);
        assertThat(app.requests()).isZero();
    }

    @Test
    void rotationKeepsPooledConnectionsAndRequestsFlowing() throws Exception {
        mesh(ca.identity(WEB), ca.identity(ORDERS), ORDERS);
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 30; i++) {
            if (i % 10 == 5) {
                callerTls.onIdentity(ca.identity(WEB));
                serverTls.onIdentity(ca.identity(ORDERS));
            }
            HttpResponse<String> response = get("/hello");
            statuses.add(response.statusCode());
            assertThat(response.headers().firstValue("x-upstream-peer-identity")).hasValue(WEB_ID);
        }

        assertThat(statuses).containsOnly(200);
        assertThat(allFailures(serverMeters, "inbound") + allFailures(callerMeters, "outbound")).isZero();
        // the caller's keep-alive connection to the inbound port stayed pooled across both rotations
        assertThat(callerMeters.get(MetricNames.UPSTREAM_CONNECTIONS).tag("service", ORDERS).gauge().value()).isEqualTo(1);
        assertThat(serverMeters.get(MetricNames.DOWNSTREAM_CONNECTIONS).tag("listener", "inbound").counter().count())
                .isEqualTo(1);
    }

    @Test
    void opensslClientWithoutCertificateIsRefused() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl not installed");
        mesh(ca.identity(WEB), ca.identity(ORDERS), ORDERS);

        Process process = new ProcessBuilder("/usr/bin/openssl", "s_client", "-connect", "127.0.0.1:" + inboundPort,
                "-tls1_3", "-quiet", "-no_ign_eof")
                .redirectErrorStream(true)
                .start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("GET /hello HTTP/1.1\r\nHost: orders\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output).doesNotContain("HTTP/1.1 200").doesNotContain("app");
        assertThat(app.requests()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> failures(serverMeters, "inbound", "no_certificate") >= 1);
    }

    /** Writes {@code request} in plaintext and returns whatever comes back before the server closes. */
    private static String rawExchange(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // a reset is as good as a close: nothing was served
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
