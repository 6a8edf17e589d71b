package io.banyan.e2e;

import io.banyan.e2e.support.AdminClient;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.Replicas;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.e2e.support.SteadyTraffic;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.etcd.EtcdCluster;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A control plane on a three-member etcd, traffic flowing through two sidecars. The etcd leader is killed: another
 * member leads and writes go on. A second member is killed: etcd has no quorum, writes answer 503 problem+json, and
 * xDS keeps serving the last state (not one request fails). The members come back: writes succeed again, and every
 * write that was acknowledged is there.
 */
class NoQuorumIT {

    private final AtomicReference<Replicas> replicas = new AtomicReference<>();

    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(() -> replicas.get().controlPlaneList(),
            () -> replicas.get().admin());

    @Test
    void writesAnswer503WithoutQuorumWhileXdsServesAndNothingAcknowledgedIsLost() throws Exception {
        assumeTrue(EtcdCluster.available(), "etcd-server is not installed");
        try (EtcdCluster etcd = EtcdCluster.start(3);
             Replicas started = Replicas.start(etcd, 1, "--etcd-timeout", "2s", "--sweep-interval", "100ms");
             AppUpstream app = AppUpstream.start("orders-1")) {
            replicas.set(started);
            AdminClient admin = started.admin();
            sidecars.forApp("orders", app.port(), Duration.ofSeconds(10));
            Sidecar web = sidecars.client("web", "orders");
            await().atMost(Duration.ofSeconds(30)).until(() -> MeshClient.endpointCount(web, "orders") == 1);
            List<String> acknowledged = new ArrayList<>();
            int[] port = {45000};

            try (SteadyTraffic traffic = SteadyTraffic.start(web.upstreamPort("orders"), "/", 4, Duration.ofMillis(20))) {
                acknowledged.add(admin.register("ledger", "127.0.0.1", port[0]++, null));

                int etcdLeader = etcd.leader();
                etcd.kill(etcdLeader);
                await("a write once another etcd member leads").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> tryRegister(admin, port[0]++, acknowledged) == 201);

                int second = etcdLeader == 0 ? 1 : 0;
                etcd.kill(second);
                List<HttpResponse<String>> refused = new ArrayList<>();
                await("a write refused without quorum").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100)).until(() -> {
                            HttpResponse<String> response = admin.send("POST", "/v1/services/ledger/instances",
                                    Map.of("host", "127.0.0.1", "port", port[0]++));
                            if (response.statusCode() == 201) {
                                acknowledged.add(id(response));
                                return false;
                            }
                            refused.add(response);
                            return response.statusCode() == 503;
                        });
                HttpResponse<String> unavailable = refused.get(refused.size() - 1);
                assertThat(unavailable.headers().firstValue("content-type")).hasValue("application/problem+json");
                assertThat(unavailable.body()).contains("store unavailable");
                long servedWithoutQuorum = traffic.succeeded();
                await("requests served while etcd has no quorum").atMost(Duration.ofSeconds(30))
                        .until(() -> traffic.succeeded() > servedWithoutQuorum + 200);
                assertThat(admin.send("POST", "/v1/services/ledger/instances",
                        Map.of("host", "127.0.0.1", "port", port[0]++)).statusCode()).as("still no quorum").isEqualTo(503);

                etcd.restart(second);
                await("writes succeed once quorum is back").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> tryRegister(admin, port[0]++, acknowledged) == 201);
                etcd.restart(etcdLeader);
                acknowledged.add(admin.register("ledger", "127.0.0.1", port[0]++, null));

                assertThat(traffic.failures()).as("requests failed while etcd lost its leader and its quorum").isEmpty();
            }
            List<String> stored = new ArrayList<>();
            admin.service("ledger").get("instances").forEach(instance -> stored.add(instance.get("id").asText()));
            assertThat(stored).as("every acknowledged registration").containsAll(acknowledged);
        }
    }

    private static int tryRegister(AdminClient admin, int port, List<String> acknowledged) {
        HttpResponse<String> response = admin.send("POST", "/v1/services/ledger/instances",
                Map.of("host", "127.0.0.1", "port", port));
        if (response.statusCode() == 201) {
            acknowledged.add(id(response));
        }
        return response.statusCode();
    }

    private static String id(HttpResponse<String> created) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).get("id").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
