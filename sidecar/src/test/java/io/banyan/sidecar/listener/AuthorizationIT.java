package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.MeshTls;
import io.banyan.sidecar.tls.TestCa;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.banyan.sidecar.testing.DataPlaneExtension.withMeshTls;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code orders} sidecar whose inbound listener allows only {@code web}, and two calling sidecars, {@code web}
 * and {@code billing}, over real mutual TLS: web gets 200, billing 403 unauthorized and the app sees nothing; then a
 * new config allowing billing too lets billing through on the connection it already has.
 */
class AuthorizationIT {

    private static final String WEB_ID = "spiffe://mesh.local/svc/web";
    private static final String BILLING_ID = "spiffe://mesh.local/svc/billing";

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private static TestCa ca;
    private final SimpleMeterRegistry serverMeters = new SimpleMeterRegistry();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private DataPlane server;
    private TestUpstream app;
    private int inboundPort;

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

    @Test
    void aDeniedCallerGets403AndAnAuthorizationChangeAppliesWithoutReconnecting() throws Exception {
        startOrders(AuthorizationPolicy.allowOnly(Set.of(WEB_ID)));
        int web = caller("web");
        int billing = caller("billing");

        HttpResponse<String> fromWeb = get(web);
        assertThat(fromWeb.statusCode()).isEqualTo(200);
        assertThat(fromWeb.headers().firstValue("x-upstream-peer-identity")).hasValue(WEB_ID);
        int appRequests = app.requests();

        HttpResponse<String> fromBilling = get(billing);
        assertThat(fromBilling.statusCode()).isEqualTo(403);
        assertThat(fromBilling.headers().firstValue("x-banyan-error")).hasValue("unauthorized");
        assertThat(app.requests()).isEqualTo(appRequests);
        assertThat(meshErrors("unauthorized")).isEqualTo(1.0);
        double connections = inboundConnections();

        configureOrders(AuthorizationPolicy.allowOnly(Set.of(WEB_ID, BILLING_ID)));

        HttpResponse<String> allowed = get(billing);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("x-upstream-peer-identity")).hasValue(BILLING_ID);
        assertThat(app.requests()).isEqualTo(appRequests + 1);
        assertThat(inboundConnections()).as("no new connection to the inbound listener").isEqualTo(connections);
        assertThat(server.boundListeners()).containsKey("inbound");
    }

    @Test
    void denyAllRefusesEveryCallerAndAllowAllNobody() throws Exception {
        startOrders(AuthorizationPolicy.DENY_ALL);
        int web = caller("web");

        assertThat(get(web).statusCode()).isEqualTo(403);
        assertThat(app.requests()).isZero();

        configureOrders(AuthorizationPolicy.ALLOW_ALL);

        assertThat(get(web).statusCode()).isEqualTo(200);
        assertThat(meshErrors("unauthorized")).isEqualTo(1.0);
    }

    private void startOrders(AuthorizationPolicy policy) throws Exception {
        app = new TestUpstream("app");
        resources.add(app);
        MeshTls tls = DataPlaneExtension.meshTls(ca.identity("orders"), serverMeters);
        server = dataPlanes.start(serverMeters, withMeshTls(tls), MeshConfigs.inboundToApp(app.port(), policy));
        inboundPort = server.boundPort("inbound");
    }

    /** What xDS would deliver to the orders sidecar: the same listener, with {@code policy}. */
    private void configureOrders(AuthorizationPolicy policy) {
        server.onConfig(MeshConfigs.inboundToApp(app.port(), policy));
    }

    /** A sidecar of {@code service} whose outbound listener routes to orders; returns its outbound port. */
    private int caller(String service) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MeshTls tls = DataPlaneExtension.meshTls(ca.identity(service), meters);
        MeshConfig callerConfig = MeshConfigs.outboundToMesh("orders", inboundPort);
        DataPlane caller = dataPlanes.start(meters, withMeshTls(tls), callerConfig);
        return caller.boundPort("outbound");
    }

    private HttpResponse<String> get(int port) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private double meshErrors(String cause) {
        return serverMeters.find(MetricNames.MESH_ERRORS).tags("direction", "inbound", "cause", cause).counters()
                .stream().mapToDouble(Counter::count).sum();
    }

    private double inboundConnections() {
        Counter counter = serverMeters.find(MetricNames.DOWNSTREAM_CONNECTIONS).tag("listener", "inbound").counter();
        return counter == null ? 0 : counter.count();
    }
}
