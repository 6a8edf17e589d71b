package io.banyan.e2e;

import io.banyan.certs.CaFiles;
import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.Pem;
import io.banyan.certs.Usage;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.PresentedRoot;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.SteadyTraffic;
import io.banyan.e2e.support.TestCertificates;
import io.banyan.e2e.support.TlsTestClient;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator replaces the mesh's root CA while traffic flows, as Istio's and Linkerd's guides do it, in three
 * control-plane restarts: (1) root B joins the trust bundle while A still signs; (2) B signs, A stays in the bundle;
 * (3) A leaves the bundle. Before each next step every sidecar must have taken the bundle (seen through what its
 * inbound port accepts) or a certificate of the new CA (seen through what it presents). Not one request fails.
 */
class RootRotationIT {

    private static final Duration STEP = Duration.ofSeconds(45);
    private static final Duration REGISTRATION_TTL = Duration.ofSeconds(10);
    /** How long traffic must keep flowing after a step: more than the registration TTL, so a lost heartbeat shows. */
    private static final Duration HOLD = REGISTRATION_TTL.multipliedBy(3).dividedBy(2);

    private final Path work = createTempDirectory();
    private final Path caA = work.resolve("ca-a");
    private final Path caB = work.resolve("ca-b");
    private final CertificateAuthority rootA = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(30), Clock.systemUTC());
    private final CertificateAuthority rootB = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(30), Clock.systemUTC());

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension(signing(caA, null));
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    RootRotationIT() throws IOException {
        CaFiles.save(rootA, caA);
        CaFiles.save(rootB, caB);
        Files.writeString(work.resolve("root-a.pem"), Pem.writeCertificate(rootA.root()));
        Files.writeString(work.resolve("root-b.pem"), Pem.writeCertificate(rootB.root()));
    }

    @AfterEach
    void deleteCas() throws IOException {
        try (var paths = Files.walk(work)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void addingTheNextRootToTheBundleUnderLoadFailsNoRequest() throws Exception {
        try (AppUpstream ordersApp = AppUpstream.start("orders-1");
             AppUpstream webApp = AppUpstream.start("web-1")) {
            Mesh mesh = startMesh(ordersApp, webApp);

            try (SteadyTraffic traffic = mesh.traffic()) {
                restartWith(signing(caA, work.resolve("root-b.pem")));
                for (Sidecar sidecar : mesh.sidecars()) {
                    await("sidecar on " + sidecar.inboundPort() + " trusts B").atMost(STEP)
                            .until(() -> mesh.signedByB().get(sidecar.inboundPort(), "/probe").answered());
                    assertThat(presentedIssuer(mesh.signedByA(), sidecar)).as("A still signs").isEqualTo("A");
                }
                keepFlowing(traffic, HOLD);
                traffic.close();

                assertThat(traffic.failures()).as("failed requests while the bundle grew").isEmpty();
            }
            assertThat(healthyInstances("orders")).isEqualTo(1);
        }
    }

    @Test
    void rootIsReplacedUnderLoadWithZeroFailedRequests() throws Exception {
        try (AppUpstream ordersApp = AppUpstream.start("orders-1");
             AppUpstream webApp = AppUpstream.start("web-1")) {
            Mesh mesh = startMesh(ordersApp, webApp);

            try (SteadyTraffic traffic = mesh.traffic()) {
                // 1. B joins the bundle; A still signs. Every sidecar renews and trusts B.
                restartWith(signing(caA, work.resolve("root-b.pem")));
                for (Sidecar sidecar : mesh.sidecars()) {
                    await("sidecar on " + sidecar.inboundPort() + " trusts B").atMost(STEP)
                            .until(() -> mesh.signedByB().get(sidecar.inboundPort(), "/probe").answered());
                }

                // 2. B signs; A stays in the bundle. Every sidecar renews with the new serving certificate and gets B's.
                restartWith(signing(caB, work.resolve("root-a.pem")));
                for (Sidecar sidecar : mesh.sidecars()) {
                    await("sidecar on " + sidecar.inboundPort() + " presents a B certificate").atMost(STEP)
                            .until(() -> "B".equals(presentedIssuer(mesh.signedByB(), sidecar)));
                    assertThat(mesh.signedByA().get(sidecar.inboundPort(), "/probe").answered()).as("A still trusted")
                            .isTrue();
                }
                keepFlowing(traffic, HOLD);

                // 3. A leaves the bundle.
                restartWith(signing(caB, null));
                for (Sidecar sidecar : mesh.sidecars()) {
                    await("sidecar on " + sidecar.inboundPort() + " no longer trusts A").atMost(STEP)
                            .until(() -> !mesh.signedByA().get(sidecar.inboundPort(), "/probe").answered());
                }
                keepFlowing(traffic, HOLD);
                traffic.close();

                assertThat(traffic.failures()).as("failed requests during the root rotation").isEmpty();
            }
            for (Sidecar sidecar : mesh.sidecars()) {
                assertThat(presentedIssuer(mesh.signedByB(), sidecar)).isEqualTo("B");
            }
            assertThat(healthyInstances("orders")).isEqualTo(1);
        }
    }

    /** The two sidecars (both with an inbound port to probe), and raw clients presenting an A and a B certificate. */
    private record Mesh(Sidecar orders, Sidecar web, TlsTestClient signedByA, TlsTestClient signedByB) {

        List<Sidecar> sidecars() {
            return List.of(orders, web);
        }

        SteadyTraffic traffic() {
            return SteadyTraffic.start(web.upstreamPort("orders"), "/orders", 3, Duration.ofMillis(10));
        }
    }

    private Mesh startMesh(AppUpstream ordersApp, AppUpstream webApp) {
        Sidecar orders = sidecars.forApp("orders", ordersApp.port(), REGISTRATION_TTL);
        Sidecar web = sidecars.forAppCalling("web", webApp.port(), "orders");
        await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1);
        Mesh mesh = new Mesh(orders, web,
                TestCertificates.issue(rootA, "probe", Duration.ofHours(1), Usage.BOTH).client(),
                TestCertificates.issue(rootB, "probe", Duration.ofHours(1), Usage.BOTH).client());
        for (Sidecar sidecar : mesh.sidecars()) {
            assertThat(presentedIssuer(mesh.signedByA(), sidecar)).isEqualTo("A");
            assertThat(mesh.signedByB().get(sidecar.inboundPort(), "/probe").answered()).as("B not trusted yet").isFalse();
        }
        return mesh;
    }

    /** Lets traffic run for {@code hold} (longer than the registration TTL), failing at the first failed request. */
    private static void keepFlowing(SteadyTraffic traffic, Duration hold) {
        long before = traffic.succeeded();
        java.time.Instant until = java.time.Instant.now().plus(hold);
        try {
            await().atMost(hold.plus(STEP)).pollInterval(Duration.ofMillis(250))
                    .failFast("a request failed", () -> !traffic.failures().isEmpty())
                    .until(() -> java.time.Instant.now().isAfter(until));
        } catch (TerminalFailureException e) {
            List<String> failures = traffic.failures();
            throw new AssertionError(failures.size() + " failed requests, the first: "
                    + failures.subList(0, Math.min(3, failures.size())), e);
        }
        assertThat(traffic.succeeded()).as("requests during the hold").isGreaterThan(before + 100);
    }

    private long healthyInstances(String service) {
        var instances = controlPlane.admin().service(service).path("instances");
        long healthy = 0;
        for (var instance : instances) {
            if (instance.path("healthy").asBoolean()) {
                healthy++;
            }
        }
        return healthy;
    }

    private void restartWith(UnaryOperator<ControlPlaneSettings> next) {
        controlPlane.reconfigure(next);
        controlPlane.restart();
    }

    /** Which root signed the certificate a sidecar's inbound port presents now ("A", "B", or null if none was seen). */
    private String presentedIssuer(TlsTestClient client, Sidecar sidecar) {
        return PresentedRoot.of(client, sidecar.inboundPort(), rootA, rootB);
    }

    private static UnaryOperator<ControlPlaneSettings> signing(Path caDir, Path extraTrustRoots) {
        return settings -> settings.toBuilder().caDir(caDir).extraTrustRoots(extraTrustRoots)
                .certTtl(ControlPlaneSettings.MIN_CERT_TTL).build();
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("banyan-roots-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
