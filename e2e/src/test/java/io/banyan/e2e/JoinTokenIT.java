package io.banyan.e2e;

import io.banyan.certs.CertificateAuthority;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.Scrape;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import io.banyan.sidecar.tls.ControlPlaneTrust;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A join token bootstraps exactly one service against exactly one control plane: a token of another service, a
 * forged token or none gets no certificate, and a token pinning another CA makes the sidecar refuse the control
 * plane. A sidecar that did join shows its certificate's expiry in /metrics.
 */
class JoinTokenIT {

    private static final String REFUSED = "banyan_ca_requests_refused_total";
    private static final String ISSUED = "banyan_ca_certificates_issued_total";
    private static final Duration NOT_READY_WAIT = Duration.ofSeconds(3);

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final MeshClient client = new MeshClient();
    private AppUpstream app;

    @BeforeEach
    void startApp() throws IOException {
        app = AppUpstream.start("orders-1");
    }

    @AfterEach
    void stopApp() {
        app.close();
    }

    @Test
    void tokenIssuedForAnotherServiceGetsNoCertificate() {
        String paymentsToken = controlPlane.admin().joinToken("payments");

        Sidecar orders = sidecars.startWithToken("orders", app.port(), paymentsToken);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> controlPlaneMetrics().sum(REFUSED, Map.of("reason", "wrong_service")) >= 1);
        assertNeverReady(orders);
        assertThat(controlPlaneMetrics().sum(ISSUED)).as("certificates issued").isZero();
        assertThat(controlPlane.admin().send("GET", "/v1/services/orders", null).statusCode())
                .as("orders never registered").isEqualTo(404);
    }

    @Test
    void forgedTokenGetsNoCertificate() {
        String genuine = controlPlane.admin().joinToken("orders");
        String[] parts = genuine.split("\\.");
        String forged = parts[0] + "." + "x".repeat(parts[1].length()) + "." + parts[2];

        Sidecar orders = sidecars.startWithToken("orders", app.port(), forged);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> controlPlaneMetrics().sum(REFUSED, Map.of("reason", "token_rejected")) >= 1);
        assertNeverReady(orders);
        assertThat(controlPlaneMetrics().sum(ISSUED)).as("certificates issued").isZero();
    }

    @Test
    void noTokenIsRefusedAtStart() {
        assertThatThrownBy(() -> sidecars.startWithToken("orders", app.port(), ""))
                .hasStackTraceContaining("token");
        assertThat(controlPlaneMetrics().sum(ISSUED)).as("certificates issued").isZero();
    }

    @Test
    void tokenPinningAnotherCaMakesTheSidecarRefuseTheControlPlane() {
        CertificateAuthority other = CertificateAuthority.createRoot("mesh.local", Duration.ofDays(1), Clock.systemUTC());
        String genuine = controlPlane.admin().joinToken("orders");
        String pinsOther = genuine.substring(0, genuine.lastIndexOf('.') + 1) + ControlPlaneTrust.fingerprint(other.root());

        Sidecar orders = sidecars.startWithToken("orders", app.port(), pinsOther);

        assertNeverReady(orders);
        assertThat(controlPlaneMetrics().sum(ISSUED)).as("certificates issued to a sidecar that distrusts us").isZero();
        assertThat(controlPlaneMetrics().sum(REFUSED)).as("requests that reached the CA at all").isZero();
    }

    @Test
    void joinedSidecarShowsItsCertificateExpiry() {
        Sidecar orders = sidecars.forApp("orders", app.port(), Duration.ofSeconds(10));

        double expiry = Scrape.of(orders.adminPort())
                .sum("banyan_certificate_expiry_seconds", Map.of("service", "orders"));

        assertThat(expiry).as("seconds to expiry of the 1h default certificate").isBetween(3000.0, 3601.0);
        assertThat(controlPlaneMetrics().sum(ISSUED)).isEqualTo(1);
    }

    private void assertNeverReady(Sidecar sidecar) {
        assertThatThrownBy(() -> sidecar.ready().get(NOT_READY_WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(TimeoutException.class);
        HttpResponse<String> ready = client.get(sidecar.adminPort(), "/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("workload certificate");
        assertThat(Scrape.of(sidecar.adminPort()).sum("banyan_certificate_expiry_seconds")).as("no certificate: NaN")
                .isNaN();
        assertThat(app.requests()).isZero();
    }

    private Scrape controlPlaneMetrics() {
        return Scrape.of(controlPlane.controlPlane().adminPort());
    }
}
