package io.banyan.e2e;

import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Instances leave the traffic when deregistered or when their TTL lapses, and come back on heartbeat. */
class MembershipIT {

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final MeshClient client = new MeshClient();
    private AppUpstream first;
    private AppUpstream second;
    private AppUpstream third;

    @BeforeEach
    void startUpstreams() throws IOException {
        first = AppUpstream.start("orders-1");
        second = AppUpstream.start("orders-2");
        third = AppUpstream.start("orders-3");
    }

    @AfterEach
    void stopUpstreams() {
        first.close();
        second.close();
        third.close();
    }

    @Test
    void deregisteredInstanceGetsNoRequestsAfterThePush() {
        controlPlane.admin().register("orders", "127.0.0.1", first.port(), null);
        controlPlane.admin().register("orders", "127.0.0.1", second.port(), null);
        String leaving = controlPlane.admin().register("orders", "127.0.0.1", third.port(), null);
        Sidecar web = sidecars.client("web", "orders");
        await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 3);

        controlPlane.admin().deregister(leaving);
        await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 2);
        sendRequests(web, 60);

        assertThat(third.requests()).isZero();
        assertThat(first.requests() + second.requests()).isEqualTo(60);
    }

    @Test
    void instanceThatMissesItsTtlLeavesAndComesBackOnHeartbeat() {
        controlPlane.admin().register("orders", "127.0.0.1", first.port(), null);
        controlPlane.admin().register("orders", "127.0.0.1", second.port(), null);
        String silent = controlPlane.admin().register("orders", "127.0.0.1", third.port(), 1);
        Sidecar web = sidecars.client("web", "orders");

        await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 2);
        sendRequests(web, 60);
        assertThat(third.requests()).as("expired instance").isZero();

        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        try {
            heartbeats.scheduleAtFixedRate(() -> controlPlane.admin().heartbeat(silent), 0, 250, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 3);
            sendRequests(web, 30);
            assertThat(third.requests()).as("instance back after its heartbeats").isPositive();
        } finally {
            heartbeats.shutdownNow();
        }
    }

    private void sendRequests(Sidecar web, int count) {
        first.resetCount();
        second.resetCount();
        third.resetCount();
        for (int i = 0; i < count; i++) {
            assertThat(client.get(web.upstreamPort("orders"), "/").statusCode()).isEqualTo(200);
        }
    }
}
