package io.banyan.e2e;

import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.Scrape;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.SteadyTraffic;
import io.banyan.sidecar.Sidecar;
import io.banyan.sidecar.SidecarSettings;
import io.banyan.testkit.log.CapturedStderr;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sidecar keeps what it last knew in its data dir and boots from it when no control plane answers: a client sidecar
 * restarted while every control plane is down serves its upstream through the server's sidecar (mutual TLS with the
 * saved certificate), says {@code stale_config}, and reconciles when a control plane is back. A corrupt or foreign
 * saved file is reported and ignored: the sidecar starts from the control plane.
 */
class DataDirBootIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    @TempDir
    Path temp;

    @Test
    void aClientRestartedWhileEveryControlPlaneIsDownServesFromItsDataDir() throws Exception {
        try (AppUpstream app = AppUpstream.start("orders-1")) {
            sidecars.forApp("orders", app.port(), Duration.ofSeconds(10));
            String token = controlPlane.admin().joinToken("web");
            Path dataDir = temp.resolve("web");
            Sidecar web = webWithSavedState(token, dataDir);
            int port = web.upstreamPort("orders");
            assertPrivate(dataDir);

            int adminPort = controlPlane.controlPlane().adminPort();
            int xdsPort = controlPlane.controlPlane().xdsPort();
            controlPlane.stop();
            web.kill();
            Sidecar restarted = sidecars.launch(web(token, dataDir, port));
            restarted.ready().get(30, TimeUnit.SECONDS);

            HttpResponse<String> ready = new MeshClient().get(restarted.adminPort(), "/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).startsWith("ready").contains("stale_config since ");
            assertThat(MeshClient.xdsStatus(restarted).get("stale_config").asBoolean()).isTrue();
            assertThat(Scrape.of(restarted.adminPort()).sum("banyan_xds_stale_config", Map.of())).isEqualTo(1.0);

            SteadyTraffic traffic = SteadyTraffic.start(port, "/", 2, Duration.ofMillis(20));
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> traffic.succeeded() >= 50);

                controlPlane.start(adminPort, xdsPort);
                await().atMost(Duration.ofSeconds(30)).until(() -> !MeshClient.xdsStatus(restarted).get("stale_config").asBoolean());
                assertThat(new MeshClient().get(restarted.adminPort(), "/ready").body().strip()).isEqualTo("ready");
                assertThat(Scrape.of(restarted.adminPort()).sum("banyan_xds_stale_config", Map.of())).isZero();
                long after = traffic.succeeded();
                await().atMost(Duration.ofSeconds(10)).until(() -> traffic.succeeded() >= after + 50);
            } finally {
                traffic.close();
            }
            assertThat(traffic.failures()).as("failed requests from the restart on the data dir to the reconciliation")
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xds-listener.json", "chain.pem", "manifest.json"})
    void aCorruptOrForeignFileIsReportedAndTheSidecarStartsFromTheControlPlane(String file) throws Exception {
        try (AppUpstream app = AppUpstream.start("orders-1")) {
            sidecars.forApp("orders", app.port(), Duration.ofSeconds(10));
            String token = controlPlane.admin().joinToken("web");
            Path dataDir = temp.resolve("web");
            Sidecar web = webWithSavedState(token, dataDir);
            web.close();
            String expectedLine;
            if (file.equals("manifest.json")) {
                String manifest = Files.readString(dataDir.resolve(file)).replace("\"web\"", "\"billing\"");
                Files.writeString(dataDir.resolve(file), manifest);
                expectedLine = "is foreign: service 'billing' (expected: 'web')";
            } else {
                Files.writeString(dataDir.resolve(file), "{\"truncated");
                expectedLine = file.endsWith(".pem") ? "the saved identity (key.pem, chain.pem, bundle.pem) is ignored"
                        : dataDir.resolve(file) + " is ignored";
            }

            try (CapturedStderr log = new CapturedStderr()) {
                Sidecar restarted = sidecars.launch(web(token, dataDir, 0));
                restarted.ready().get(30, TimeUnit.SECONDS);

                assertThat(log.count(expectedLine)).as("log lines naming %s", file).isEqualTo(1);
                assertThat(log.stackTraceLines()).isZero();
                assertThat(MeshClient.xdsStatus(restarted).get("stale_config").asBoolean()).isFalse();
                assertThat(new MeshClient().get(restarted.adminPort(), "/ready").body().strip()).isEqualTo("ready");
                await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(restarted, "orders") == 1);
                assertThat(new MeshClient().get(restarted.upstreamPort("orders"), "/").statusCode()).isEqualTo(200);
            }
        }
    }

    /** The client sidecar web, once it reaches orders and has saved its identity and configuration in its data dir. */
    private Sidecar webWithSavedState(String token, Path dataDir) throws Exception {
        Sidecar web = sidecars.launch(web(token, dataDir, 0));
        web.ready().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dataDir.resolve("key.pem"))
                && Files.exists(dataDir.resolve("xds-listener.json"))
                && Files.exists(dataDir.resolve("xds-clusterloadassignment.json")));
        return web;
    }

    private SidecarSettings web(String token, Path dataDir, int ordersPort) {
        return SidecarSettings.builder("web", controlPlane.grpcAddress(), dataDir).token(token)
                .upstreams(Map.of("orders", ordersPort)).adminPort(0).outboundPort(0)
                .drainTimeout(Duration.ofSeconds(1)).drainDelay(Duration.ZERO).build();
    }

    private static void assertPrivate(Path dataDir) throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dataDir)) {
            List<Path> all = files.toList();
            assertThat(all).isNotEmpty();
            for (Path file : all) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as("%s", file)
                        .isEqualTo("rw-------");
            }
        }
    }
}
