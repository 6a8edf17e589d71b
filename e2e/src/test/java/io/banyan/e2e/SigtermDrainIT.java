package io.banyan.e2e;

import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.SidecarProcess;
import io.banyan.e2e.support.SteadyTraffic;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM to a real {@code banyan sidecar} process under load does what {@code POST /drain} does: the instance leaves
 * the registry and stops accepting, the responses it is in the middle of finish whole, then the process exits. Callers
 * going through a client sidecar see no failed and no truncated response.
 */
class SigtermDrainIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    @Test
    void sigtermFinishesTheResponsesInFlightThenExits() throws Exception {
        try (AppUpstream steady = AppUpstream.start("orders-1");
             AppUpstream holding = AppUpstream.named("orders-held").holdFirst(3).start();
             SidecarProcess terminated = SidecarProcess.start("--service", "orders",
                     "--app-port", Integer.toString(holding.port()), "--app-health-path", "/health",
                     "--control-plane", controlPlane.grpcAddress(), "--token", controlPlane.admin().joinToken("orders"),
                     "--registration-ttl", "60s", "--drain-timeout", "60s")) {
            sidecars.forApp("orders", steady.port(), Duration.ofSeconds(60));
            Sidecar web = sidecars.client("web", "orders");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> MeshClient.endpointCount(web, "orders") == 2);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("not registered: " + terminated.output(), e);
            }

            SteadyTraffic traffic = SteadyTraffic.start(web.upstreamPort("orders"), "/orders", 8, Duration.ofMillis(1));
            int held;
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> holding.held() == 3 && steady.requests() >= 50);
                terminated.terminate();
                await().atMost(Duration.ofSeconds(30)).until(() -> terminated.readyStatus() != 200);
                held = holding.held(); // half sent, the other half still to come
                holding.release();
                await().atMost(Duration.ofSeconds(60)).until(() -> !terminated.isAlive());
                int atExit = steady.requests();
                await().atMost(Duration.ofSeconds(30)).until(() -> steady.requests() >= atExit + 100);
            } finally {
                traffic.close();
            }

            assertThat(traffic.failures()).as("failed or truncated of %d requests", traffic.succeeded()
                    + traffic.failures().size()).isEmpty();
            assertThat(held).isEqualTo(3);
            assertThat(terminated.output()).contains("sidecar orders drained").doesNotContain("drain timeout");
        }
    }
}
