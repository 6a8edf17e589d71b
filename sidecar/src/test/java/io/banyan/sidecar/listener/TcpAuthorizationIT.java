package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.AuthorizationPolicy;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.banyan.sidecar.tls.TestCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code orders} sidecar whose inbound tcp_proxy listener allows only some callers (network RBAC), over real mutual
 * TLS: an allowed caller's bytes reach the app; a denied caller's connection is closed right after the handshake, the
 * app never sees a connection, and the denial is counted; a tightened policy applies to new connections while the
 * open ones keep relaying.
 */
class TcpAuthorizationIT {

    private static final String WEB_ID = "spiffe://mesh.local/svc/web";
    private static final String BILLING_ID = "spiffe://mesh.local/svc/billing";
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private static TestCa ca;
    private TcpMesh mesh;

    @BeforeAll
    static void start() {
        ca = new TestCa();
    }

    @AfterEach
    void close() throws Exception {
        mesh.close();
    }

    private double denied() {
        return TcpMesh.count(mesh.serverMeters(), MetricNames.TCP_CONNECTIONS_DENIED, "listener", TcpMesh.INBOUND);
    }

    /** Connects, sends {@code hello}, and returns what came back before the connection ended (a reset ends it too). */
    private static byte[] refusedExchange(int port) throws Exception {
        return TcpClient.exchangeUntilClosed(port, HELLO);
    }

    @Test
    void anAllowedCallerRelaysAndADeniedOneIsClosedBeforeTheAppSeesAConnection() throws Exception {
        mesh = new TcpMesh(dataPlanes.loops(), ca).startOrders(AuthorizationPolicy.allowOnly(Set.of(WEB_ID)),
                ListenerConfig.DEFAULT_TCP_IDLE_TIMEOUT);
        int web = mesh.caller("web", "orders").port();
        int billing = mesh.caller("billing", "orders").port();

        byte[] fromWeb = TcpClient.exchange(web, HELLO);
        assertThat(new String(fromWeb, StandardCharsets.US_ASCII)).isEqualTo("hello\nEOF seen by orders-app");
        assertThat(mesh.app().accepted()).isEqualTo(1);

        byte[] fromBilling = refusedExchange(billing);

        assertThat(fromBilling).isEmpty();
        assertThat(denied()).isEqualTo(1);
        assertThat(mesh.app().accepted()).as("the app saw no connection from billing").isEqualTo(1);
        assertThat(TcpMesh.count(mesh.serverMeters(), MetricNames.TCP_CONNECTIONS, "listener", TcpMesh.INBOUND))
                .isEqualTo(1);
    }

    @Test
    void denyAllRefusesEveryCaller() throws Exception {
        mesh = new TcpMesh(dataPlanes.loops(), ca)
                .startOrders(AuthorizationPolicy.DENY_ALL, ListenerConfig.DEFAULT_TCP_IDLE_TIMEOUT);
        int web = mesh.caller("web", "orders").port();

        assertThat(refusedExchange(web)).isEmpty();
        assertThat(denied()).isEqualTo(1);
        assertThat(mesh.app().accepted()).isZero();
    }

    @Test
    void aTightenedPolicyAppliesToNewConnectionsWhileOpenOnesKeepRelaying() throws Exception {
        mesh = new TcpMesh(dataPlanes.loops(), ca).startOrders(AuthorizationPolicy.allowOnly(Set.of(WEB_ID, BILLING_ID)),
                ListenerConfig.DEFAULT_TCP_IDLE_TIMEOUT);
        int billing = mesh.caller("billing", "orders").port();
        try (Socket open = new Socket(InetAddress.getLoopbackAddress(), billing)) {
            open.setSoTimeout(10_000);
            InputStream in = open.getInputStream();
            open.getOutputStream().write(HELLO);
            assertThat(in.readNBytes(HELLO.length)).isEqualTo(HELLO);

            mesh.configureOrders(AuthorizationPolicy.allowOnly(Set.of(WEB_ID)), ListenerConfig.DEFAULT_TCP_IDLE_TIMEOUT);

            assertThat(refusedExchange(billing)).as("a new connection of billing").isEmpty();
            assertThat(denied()).isEqualTo(1);
            open.getOutputStream().write("again".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("again");
            assertThat(mesh.server().boundListeners()).as("kept, not rebound").containsKey(TcpMesh.INBOUND);
        }
    }
}
