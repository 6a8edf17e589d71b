package io.banyan.e2e;

import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.Usage;
import io.banyan.controlplane.ca.LoadedCa;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.Scrape;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.TestCertificates.Credential;
import io.banyan.e2e.support.TestCertificates;
import io.banyan.e2e.support.TlsImpostor;
import io.banyan.e2e.support.TlsTestClient.Outcome;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whoever reaches a sidecar's inbound port without a current certificate of the mesh's CA, for a mesh identity, usable
 * as a client, gets nothing: the handshake or the call fails, the sidecar counts a failed handshake, the app behind it
 * sees no request. And a sidecar calling a service refuses an instance that presents another service's identity.
 */
class ForeignCertificateIT {

    private static final String INBOUND_FAILURES = "banyan_tls_handshake_failures_total";
    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private AppUpstream app;
    private Sidecar orders;

    @BeforeEach
    void startOrders() throws IOException {
        app = AppUpstream.start("orders-1");
        orders = sidecars.forApp("orders", app.port(), Duration.ofSeconds(10));
    }

    @AfterEach
    void stopApp() {
        app.close();
    }

    @Test
    void aCurrentMeshCertificateIsServedWhichShowsTheRawClientWorks() {
        Outcome outcome = TestCertificates.issue(meshCa(Instant.now()), "web", Duration.ofMinutes(10), Usage.BOTH)
                .client().get(orders.inboundPort(), "/orders");

        assertThat(outcome.answered()).as("answer to a valid mesh certificate: %s", outcome).isTrue();
        assertThat(outcome.response()).startsWith("HTTP/1.1 200").contains("orders-1");
        assertThat(app.requests()).isEqualTo(1);
        assertThat(inboundFailures()).isZero();
    }

    @Test
    void certificateOfAForeignCaIsRefused() {
        CertificateAuthority foreign = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(1), Clock.systemUTC());
        assertRefused(TestCertificates.issue(foreign, "web", Duration.ofMinutes(10), Usage.BOTH));
    }

    @Test
    void expiredCertificateIsRefused() {
        Credential expired = TestCertificates.issue(meshCa(Instant.now().minus(Duration.ofHours(3))), "web",
                Duration.ofHours(1), Usage.BOTH);
        assertThat(expired.leaf().getNotAfter().toInstant()).isBefore(Instant.now());
        assertRefused(expired);
    }

    @Test
    void notYetValidCertificateIsRefused() {
        Credential early = TestCertificates.issue(meshCa(Instant.now().plus(Duration.ofHours(3))), "web",
                Duration.ofHours(1), Usage.BOTH);
        assertThat(early.leaf().getNotBefore().toInstant()).isAfter(Instant.now());
        assertRefused(early);
    }

    @Test
    void serverOnlyCertificateIsRefusedAsAClientCertificate() {
        assertRefused(TestCertificates.issue(meshCa(Instant.now()), "web", Duration.ofMinutes(10), Usage.SERVER));
    }

    @Test
    void connectionWithoutAClientCertificateIsRefusedToOpensslSClient() throws Exception {
        assumeTrue(opensslAvailable(), "openssl not installed");
        double before = inboundFailures();
        Path log = Files.createTempFile("s_client-", ".txt");
        Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + orders.inboundPort(),
                "-quiet", "-verify_quiet")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        String output;
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write("GET /orders HTTP/1.1\r\nHost: orders\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("openssl s_client exits (the server hung up)").isTrue();
        } finally {
            process.destroyForcibly();
            output = Files.readString(log);
            Files.deleteIfExists(log);
        }

        assertThat(output).as("openssl output").doesNotContain("HTTP/1.1").containsIgnoringCase("alert");
        await().atMost(WAIT).until(() -> inboundFailures() > before);
        assertThat(app.requests()).isZero();
    }

    @Test
    void instanceWithAnotherServicesIdentityIsRefusedByTheCallingSidecar() throws Exception {
        Credential payments = TestCertificates.issue(meshCa(Instant.now()), "payments", Duration.ofMinutes(10), Usage.BOTH);
        try (TlsImpostor impostor = new TlsImpostor(payments)) {
            orders.close();
            HttpResponse<String> registered = controlPlane.admin().send("POST", "/v1/services/orders/instances",
                    Map.of("host", "127.0.0.1", "port", impostor.port(), "mesh", true));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            Sidecar web = sidecars.client("web", "orders");
            await().atMost(WAIT).until(() -> MeshClient.endpointCount(web, "orders") == 1);

            HttpResponse<String> response = new MeshClient().get(web.upstreamPort("orders"), "/orders");

            assertThat(response.statusCode()).as(response.body()).isIn(502, 503);
            assertThat(response.headers().firstValue("x-banyan-error")).isPresent();
            assertThat(impostor.connections()).as("the sidecar did try the impostor").isPositive();
            assertThat(impostor.bytesReceived()).as("application bytes the impostor received").isZero();
            assertThat(Scrape.of(web.adminPort()).sum(INBOUND_FAILURES, Map.of("direction", "outbound")))
                    .as("outbound handshake failures on web").isPositive();
            assertThat(app.requests()).isZero();
        }
    }

    private void assertRefused(Credential credential) {
        double before = inboundFailures();

        Outcome outcome = credential.client().get(orders.inboundPort(), "/orders");

        assertThat(outcome.answered()).as("answer to %s", credential.leaf().getSubjectX500Principal()).isFalse();
        await().atMost(WAIT).until(() -> inboundFailures() > before);
        assertThat(app.requests()).as("requests the app saw").isZero();
    }

    private double inboundFailures() {
        return Scrape.of(orders.adminPort()).sum(INBOUND_FAILURES, Map.of("direction", "inbound"));
    }

    private CertificateAuthority meshCa(Instant at) {
        Path caDir = controlPlane.dataDir().resolve(LoadedCa.DEFAULT_SUBDIRECTORY);
        return TestCertificates.loadCa(caDir, at);
    }

    private static boolean opensslAvailable() {
        try {
            Process probe = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            readAll(probe.getInputStream());
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
