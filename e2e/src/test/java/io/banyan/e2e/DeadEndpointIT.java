package io.banyan.e2e;

import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.Scrape;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.SidecarProcess;
import io.banyan.e2e.support.SteadyTraffic;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One of two {@code orders} instances dies (its sidecar process is killed with SIGKILL, then its app stops) under load
 * while the control plane is down, so only the calling sidecar's own reaction counts: its connects to the dead instance are refused, each such request is
 * retried on the other instance outside the retry budget, and the dead endpoint is passed over from its first refused
 * connect. No request fails, at low concurrency (where the budget's floor of 3 used to run out) and at high.
 */
class DeadEndpointIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final List<AppUpstream> apps = new ArrayList<>();
    private SidecarProcess victim;

    @AfterEach
    void close() throws InterruptedException {
        if (victim != null) {
            victim.close();
        }
        apps.forEach(AppUpstream::close);
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {4, 64})
    void killingOneOfTwoInstancesCostsNoRequest(int concurrency) throws Exception {
        for (String name : List.of("orders-1", "orders-2")) {
            apps.add(AppUpstream.start(name));
        }
        AppUpstream survivor = apps.get(0);
        sidecars.forApp("orders", survivor.port(), Duration.ofSeconds(60));
        victim = SidecarProcess.start("--service", "orders", "--app-port", Integer.toString(apps.get(1).port()),
                "--app-health-path", "/health", "--control-plane", controlPlane.grpcAddress(),
                "--token", controlPlane.admin().joinToken("orders"), "--registration-ttl", "60s");
        Sidecar web = sidecars.client("web", "orders");
        await().atMost(Duration.ofSeconds(60)).until(() -> MeshClient.endpointCount(web, "orders") == 2);
        controlPlane.stop(); // from here on nobody tells the web sidecar that orders-2 is gone

        SteadyTraffic traffic = SteadyTraffic.start(web.upstreamPort("orders"), "/orders", concurrency,
                Duration.ofMillis(1));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> apps.get(1).requests() >= 50 && survivor.requests() >= 50);
            victim.kill(); // its sidecar process dies (SIGKILL), then its app
            apps.get(1).close();
            int atKill = survivor.requests();
            await().atMost(Duration.ofSeconds(60)).until(() -> survivor.requests() >= atKill + 20 * concurrency);
        } finally {
            traffic.close();
        }

        assertThat(traffic.failures()).as("failed requests of %d", traffic.succeeded() + traffic.failures().size())
                .isEmpty();
        assertThat(MeshClient.endpointCount(web, "orders")).isEqualTo(2); // the data plane reacted on its own
        assertThat(Scrape.of(web.adminPort()).sum("banyan_outlier_ejections_total",
                Map.of("service", "orders", "reason", "connect_failure"))).isGreaterThanOrEqualTo(1);
    }
}
