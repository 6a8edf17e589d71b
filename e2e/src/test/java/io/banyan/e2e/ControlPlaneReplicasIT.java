package io.banyan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.Replicas;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.SteadyTraffic;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.etcd.EtcdCluster;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three control-plane replicas on one etcd, every sidecar given all three. Registrations sent to different replicas
 * appear on every replica. The replica the client sidecar is connected to is killed with SIGKILL under steady load
 * through two sidecars: not one request fails, the sidecar reconnects to another replica, and a change made there
 * afterwards reaches it.
 */
class ControlPlaneReplicasIT {

    private final AtomicReference<Replicas> replicas = new AtomicReference<>();

    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(() -> replicas.get().controlPlaneList(),
            () -> replicas.get().admin());

    @Test
    void registrationsAppearEverywhereAndKillingTheConnectedReplicaFailsNoRequest() throws Exception {
        assumeTrue(EtcdCluster.available(), "etcd-server is not installed");
        try (EtcdCluster etcd = EtcdCluster.start(1);
             Replicas started = Replicas.start(etcd, 3, "--sweep-interval", "100ms", "--heartbeat-exchange", "200ms");
             AppUpstream first = AppUpstream.start("orders-1");
             AppUpstream late = AppUpstream.start("orders-late")) {
            replicas.set(started);

            List<String> legacy = new ArrayList<>();
            for (int i = 0; i < started.size(); i++) {
                legacy.add(started.get(i).admin().register("legacy", "127.0.0.1", 46000 + i, null));
            }
            for (int i = 0; i < started.size(); i++) {
                int replica = i;
                await("every registration on replica " + replica).atMost(Duration.ofSeconds(20))
                        .until(() -> ids(started.get(replica).admin().service("legacy")).containsAll(legacy));
            }

            sidecars.forApp("orders", first.port(), Duration.ofSeconds(10));
            Sidecar web = sidecars.client("web", "orders");
            await().atMost(Duration.ofSeconds(30)).until(() -> MeshClient.endpointCount(web, "orders") == 1);
            int connected = await("the replica web's ADS stream is on").atMost(Duration.ofSeconds(30))
                    .until(() -> replicaOf(started, "web"), Optional::isPresent).orElseThrow();

            try (SteadyTraffic traffic = SteadyTraffic.start(web.upstreamPort("orders"), "/", 4, Duration.ofMillis(20))) {
                long before = traffic.succeeded();
                started.kill(connected);
                int next = await("web reconnected to another replica").atMost(Duration.ofSeconds(60))
                        .until(() -> replicaOf(started, "web"), Optional::isPresent).orElseThrow();
                assertThat(next).isNotEqualTo(connected);

                started.get(next).admin().register("orders", "127.0.0.1", late.port(), null);
                await("the change made after the failover reaches web").atMost(Duration.ofSeconds(30))
                        .until(() -> MeshClient.endpointCount(web, "orders") == 2);
                await("requests reach the instance registered after the failover").atMost(Duration.ofSeconds(30))
                        .until(() -> late.requests() > 0);
                assertThat(traffic.succeeded()).isGreaterThan(before);
                assertThat(traffic.failures()).as("requests failed while the replica died").isEmpty();
            }
        }
    }

    /** The running replica whose {@code /v1/sidecars} lists a node of {@code service}. */
    private static Optional<Integer> replicaOf(Replicas replicas, String service) {
        for (int replica : replicas.alive()) {
            for (JsonNode sidecar : replicas.get(replica).admin().sidecars().get("sidecars")) {
                if (service.equals(sidecar.get("service").asText())) {
                    return Optional.of(replica);
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> ids(JsonNode service) {
        List<String> ids = new ArrayList<>();
        service.get("instances").forEach(instance -> ids.add(instance.get("id").asText()));
        return ids;
    }
}
