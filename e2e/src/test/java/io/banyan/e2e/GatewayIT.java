package io.banyan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.api.xds.ResourceNames;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.TestCertificates;
import io.banyan.sidecar.GatewaySettings;
import io.banyan.sidecar.Sidecar;
import io.banyan.sidecar.tls.CertificateFiles;
import io.banyan.testkit.tls.ServerCredential;
import io.banyan.testkit.tls.TestCa;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An edge gateway ({@code banyan gateway}'s settings) against a real control plane: it joins with a token issued for
 * its name, is listed as a gateway and never registered as an instance, gets one listener where it listens (any
 * address) with its routes {@code gateway|<name>} and every service's cluster (a mesh service's endpoint over mutual
 * TLS, a plain monolith's in plaintext), answers 404 no_route until routes are set, and terminates TLS with the
 * certificate the client's SNI names, re-read from its files on its schedule. Routing to services through the gateway
 * needs the route API (PUT /v1/gateways/{name}/routes); that test belongs with it.
 */
class GatewayIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);
    @TempDir
    Path dir;

    private final MeshClient client = new MeshClient();
    private AppUpstream orders;
    private AppUpstream monolith;

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
    void aGatewayJoinsAsItsName_isListedAsAGateway_isNoInstance_andGetsEveryServicesCluster() throws Exception {
        orders = AppUpstream.start("orders-1");
        monolith = AppUpstream.start("monolith-1");
        sidecars.forApp("orders", orders.port(), Duration.ofSeconds(10));
        controlPlane.admin().register("monolith", "127.0.0.1", monolith.port(), null);

        Sidecar edge = sidecars.gateway("edge", GatewaySettings.plaintext("0.0.0.0", 0));

        JsonNode listed = StreamSupport.stream(controlPlane.admin().sidecars().get("sidecars").spliterator(), false)
                .filter(sidecar -> sidecar.get("service").asText().equals("edge")).findFirst().orElseThrow();
        assertThat(listed.get("kind").asText()).isEqualTo("gateway");
        assertThat(controlPlane.admin().send("GET", "/v1/services/edge", null).statusCode())
                .as("a gateway is no instance of a service").isEqualTo(404);
        MeshConfig config = edge.currentConfig();
        assertThat(config.listeners()).containsOnlyKeys(ResourceNames.outboundListener(edge.outboundPort()));
        ListenerConfig listener = config.listeners().get(ResourceNames.outboundListener(edge.outboundPort()));
        assertThat(listener.address()).isEqualTo("0.0.0.0");
        assertThat(listener.routeConfigName()).isEqualTo(ResourceNames.gatewayRoutes("edge"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            MeshConfig now = edge.currentConfig();
            assertThat(now.endpoints().get("orders").endpoints()).extracting(Endpoint::mesh).containsExactly(true);
            assertThat(now.endpoints().get("monolith").endpoints()).extracting(Endpoint::mesh).containsExactly(false);
        });
    }

    @Test
    void withoutRoutesEveryRequestIs404NoRoute() {
        Sidecar edge = sidecars.gateway("edge", GatewaySettings.plaintext("127.0.0.1", 0));

        HttpResponse<String> response = client.get(edge.outboundPort(), "/orders/1");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-banyan-error")).contains("no_route");
    }

    @Test
    void terminatesTlsByTheClientsSniName_andReReadsChangedFilesOnItsSchedule() throws Exception {
        TestCa ca = new TestCa();
        CertificateFiles shop = write(ca.issueServer("shop.example.com"), "shop");
        CertificateFiles api = write(ca.issueServer("api.example.com"), "api");
        Sidecar edge = sidecars.gateway("edge", new GatewaySettings("127.0.0.1", 0, List.of(shop, api),
                Duration.ofMillis(100)));
        TrustManagerFactory trusting = trusting(ca);

        assertThat(presented(trusting, edge, "api.example.com").getSubjectX500Principal().getName())
                .contains("CN=api.example.com");
        try (SSLSocket socket = handshake(trusting, edge, "shop.example.com")) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertThat(reader.readLine()).isEqualTo("HTTP/1.1 404 Not Found");
        }

        ServerCredential renewed = ca.issueServer("shop.example.com");
        renewed.writeTo(shop.certificate(), shop.key());
        FileTime later = FileTime.fromMillis(System.currentTimeMillis() + 10_000);
        Files.setLastModifiedTime(shop.certificate(), later);
        Files.setLastModifiedTime(shop.key(), later);

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(presented(trusting, edge, "shop.example.com")).isEqualTo(renewed.leaf()));
    }

    private CertificateFiles write(ServerCredential credential, String name) {
        CertificateFiles files = new CertificateFiles(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        credential.writeTo(files.certificate(), files.key());
        return files;
    }

    private static TrustManagerFactory trusting(TestCa ca) throws Exception {
        return TestCertificates.trusting(ca);
    }

    /** A verified handshake naming {@code sni}, by a client of its own: no session resumed, the current file shown. */
    private static SSLSocket handshake(TrustManagerFactory trust, Sidecar edge, String sni) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), edge.outboundPort());
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, sni, edge.outboundPort(), true);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(sni)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static X509Certificate presented(TrustManagerFactory trust, Sidecar edge, String sni) throws Exception {
        try (SSLSocket socket = handshake(trust, edge, sni)) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
