package io.banyan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.certs.CaFiles;
import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.ControlPlaneSettings;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.Scrape;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.SteadyTraffic;
import io.banyan.sidecar.Sidecar;
import io.banyan.sidecar.SidecarSettings;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sidecar given two control planes ({@code --control-plane A,B}; embedded stores, one CA dir) moves to the other
 * when the one it uses stops, resumes there, and gets what changes there; no request fails meanwhile.
 */
class ControlPlaneFailoverIT {

    private final Path caDir = createCaDir();

    @RegisterExtension
    final ControlPlaneExtension first = new ControlPlaneExtension(signing(caDir));
    @RegisterExtension
    final ControlPlaneExtension second = new ControlPlaneExtension(signing(caDir));
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(first);

    @Test
    void theSidecarMovesToTheOtherReplicaResumesAndFollowsItsChanges() throws Exception {
        try (AppUpstream orders = AppUpstream.start("orders-1");
             AppUpstream late = AppUpstream.start("orders-late")) {
            first.admin().register("orders", "127.0.0.1", orders.port(), null);
            second.admin().register("orders", "127.0.0.1", orders.port(), null);
            // a join token of the first: a sidecar starting at the second (which does not know it) moves on
            String token = first.admin().joinToken("web");
            Path dataDir = Files.createTempDirectory("banyan-failover-");
            Sidecar web = sidecars.launch(SidecarSettings.builder("web",
                            first.grpcAddress() + "," + second.grpcAddress(), dataDir)
                    .token(token).upstreams(Map.of("orders", 0)).adminPort(0).outboundPort(0)
                    .drainTimeout(Duration.ofSeconds(1)).build());
            web.ready().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1);
            String inUse = MeshClient.xdsStatus(web).get("controlPlane").asText();
            assertThat(inUse).isIn(first.grpcAddress(), second.grpcAddress());
            ControlPlaneExtension used = inUse.equals(first.grpcAddress()) ? first : second;
            ControlPlaneExtension other = used == first ? second : first;

            SteadyTraffic traffic = SteadyTraffic.start(web.upstreamPort("orders"), "/", 2, Duration.ofMillis(20));
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> traffic.succeeded() >= 30);
                used.stop();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    JsonNode xds = MeshClient.xdsStatus(web);
                    return xds.get("controlPlane").asText().equals(other.grpcAddress())
                            && xds.get("connected").asBoolean();
                });

                other.admin().register("orders", "127.0.0.1", late.port(), null);
                await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> late.requests() >= 10);
            } finally {
                traffic.close();
            }
            assertThat(traffic.failures()).as("failed requests while the sidecar moved to the other replica").isEmpty();
            assertThat(Scrape.of(web.adminPort()).sum("banyan_xds_control_plane_failovers_total", Map.of()))
                    .isGreaterThanOrEqualTo(1.0);
        }
    }

    private static UnaryOperator<ControlPlaneSettings> signing(Path caDir) {
        return settings -> settings.toBuilder().caDir(caDir).build();
    }

    private static Path createCaDir() {
        try {
            Path dir = Files.createTempDirectory("banyan-shared-ca-").resolve("ca");
            CaFiles.save(CertificateAuthority.createRoot("mesh.local", Duration.ofDays(30), Clock.systemUTC()), dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
