package io.banyan.e2e;

import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.Usage;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.controlplane.ca.LoadedCa;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.Scrape;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.SteadyTraffic;
import io.banyan.e2e.support.TestCertificates;
import io.banyan.e2e.support.TlsTestClient;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Certificates rotate under load without a single failed request. The control plane issues the shortest lifetime an
 * operator may set (1 minute); the run lasts longer than that lifetime, so the certificates both sidecars started
 * with expire during it, while four clients keep calling orders through web's sidecar.
 */
class CertificateRotationIT {

    /** Four certificate lifetimes (30 s, the shortest allowed): a sidecar that did not renew would fail before the end. */
    private static final Duration RUN = Duration.ofSeconds(120);
    private static final String EXPIRY = "banyan_certificate_expiry_seconds";

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension(settings -> settings.toBuilder()
            .caDir(null).extraTrustRoots(null).certTtl(ControlPlaneSettings.MIN_CERT_TTL).build());
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    @Test
    void certificatesRotateSeveralTimesUnderLoadWithZeroFailedRequests() throws Exception {
        try (AppUpstream app = AppUpstream.start("orders-1")) {
            Sidecar orders = sidecars.forApp("orders", app.port(), Duration.ofSeconds(10));
            Sidecar web = sidecars.client("web", "orders");
            await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1);
            CertificateAuthority meshCa = TestCertificates.loadCa(
                    controlPlane.dataDir().resolve(LoadedCa.DEFAULT_SUBDIRECTORY), Instant.now());
            TlsTestClient probe = TestCertificates.issue(meshCa, "probe", Duration.ofMinutes(10), Usage.BOTH).client();
            Set<BigInteger> ordersSerials = ConcurrentHashMap.newKeySet();
            NotAfterTracker webRenewals = new NotAfterTracker();
            double issuedAtStart = issued();
            Instant end = Instant.now().plus(RUN);

            try (SteadyTraffic traffic = SteadyTraffic.start(web.upstreamPort("orders"), "/orders", 4,
                    Duration.ofMillis(5))) {
                await().atMost(RUN.plusSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    TlsTestClient.Outcome seen = probe.get(orders.inboundPort(), "/probe");
                    if (seen.serverCertificate() != null) {
                        ordersSerials.add(seen.serverCertificate().getSerialNumber());
                    }
                    webRenewals.sample(Scrape.of(web.adminPort()).sum(EXPIRY, Map.of("service", "web")));
                    return Instant.now().isAfter(end);
                });
                traffic.close();

                assertThat(traffic.failures()).as("failed requests while certificates rotated").isEmpty();
                assertThat(traffic.succeeded()).as("requests that went through").isGreaterThan(1000);
            }
            assertThat(ordersSerials.size()).as("distinct certificates orders' inbound presented").isGreaterThanOrEqualTo(3);
            assertThat(webRenewals.increases()).as("times web's certificate expiry moved later").isGreaterThanOrEqualTo(2);
            assertThat(issued() - issuedAtStart).as("certificates the CA issued during the run").isGreaterThanOrEqualTo(4);
            assertThat(Scrape.of(orders.adminPort()).sum(EXPIRY, Map.of("service", "orders"))).isPositive();
            assertThat(Scrape.of(orders.adminPort()).sum("banyan_tls_handshake_failures_total", Map.of("direction", "inbound")))
                    .as("failed inbound handshakes on orders").isZero();
            assertThat(Scrape.of(web.adminPort()).sum("banyan_tls_handshake_failures_total"))
                    .as("failed handshakes on web").isZero();
        }
    }

    private double issued() {
        return Scrape.of(controlPlane.controlPlane().adminPort()).sum("banyan_ca_certificates_issued_total");
    }

    /** Follows a certificate's notAfter through its expiry gauge (now + seconds left) and counts when it moves later. */
    private static final class NotAfterTracker {
        private final AtomicReference<Double> lastNotAfter = new AtomicReference<>();
        private final AtomicInteger increases = new AtomicInteger();

        void sample(double secondsLeft) {
            double notAfter = System.currentTimeMillis() / 1000.0 + secondsLeft;
            Double last = lastNotAfter.getAndSet(notAfter);
            if (last != null && notAfter > last + 0.5) {
                increases.incrementAndGet();
            }
        }

        int increases() {
            return increases.get();
        }
    }
}
