package io.banyan.controlplane;

import io.banyan.certs.CaFiles;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.store.EtcdStoreSettings;
import io.banyan.controlplane.support.AdminClient;
import io.banyan.testkit.etcd.EtcdCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Control planes started with {@code --store etcd} on a real three-member etcd: the admin smoke path (a service and its
 * policy written, read back with its ETag, a stale If-Match refused) works; a second replica started on the same etcd
 * serves the same policy with the same ETag; with two etcd members killed an admin write answers 503 problem+json,
 * {@code /readyz} names the cause, reads keep answering; once the members are back writes succeed.
 */
class ControlPlaneOnEtcdIT {

    private static final String TOKEN = "etcd-admin-token";
    private static final String POLICY = "{\"circuitBreaking\":{\"maxRequests\":200}}";

    @TempDir
    Path dir;

    private EtcdCluster etcd;
    private final List<ControlPlane> controlPlanes = new ArrayList<>();

    @BeforeEach
    void startEtcd() {
        assumeTrue(EtcdCluster.available(), "etcd is not installed (/usr/bin/etcd)");
        etcd = EtcdCluster.start(3);
    }

    @AfterEach
    void stop() throws Exception {
        for (ControlPlane controlPlane : controlPlanes) {
            controlPlane.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    private ControlPlane replica(String name) throws Exception {
        Path caDir = dir.resolve("ca");
        if (!Files.exists(caDir)) {
            CaFiles.save(TestTls.newCa(), caDir);
            Files.writeString(dir.resolve("config.key"), Base64.getEncoder().encodeToString(new byte[32]));
        }
        List<URI> endpoints = etcd.clientUrls().stream().map(URI::create).toList();
        ControlPlane controlPlane = ControlPlane.start(ControlPlaneSettings.builder(dir.resolve("data-" + name))
                .bindAddress("127.0.0.1").adminPort(0).xdsPort(0).adminToken(TOKEN).caDir(caDir)
                .configKeyFile(dir.resolve("config.key"))
                .etcdStore(EtcdStoreSettings.of(endpoints, name).withTimeout(Duration.ofSeconds(2))).build());
        controlPlanes.add(controlPlane);
        return controlPlane;
    }

    @Test
    void theAdminSmokePathWorksOnEtcdAndAnotherReplicaServesTheSameState() throws Exception {
        AdminClient a = new AdminClient(replica("a").adminPort(), TOKEN);
        assertThat(a.put("/v1/services/orders", null).statusCode()).isEqualTo(201);
        HttpResponse<String> written = a.put("/v1/services/orders/policy", POLICY);
        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
        String etag = written.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> read = a.get("/v1/services/orders/policy");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"maxRequests\":200");
        assertThat(read.headers().firstValue("ETag")).contains(etag);
        HttpResponse<String> stale = a.send("PUT", "/v1/services/orders/policy", POLICY, "\"1\"");
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        assertThat(Files.exists(dir.resolve("data-a").resolve("banyan.mv.db"))).as("no embedded store").isFalse();

        AdminClient b = new AdminClient(replica("b").adminPort(), TOKEN);
        HttpResponse<String> fromB = b.get("/v1/services/orders/policy");
        assertThat(fromB.statusCode()).isEqualTo(200);
        assertThat(fromB.body()).isEqualTo(read.body());
        assertThat(fromB.headers().firstValue("ETag")).contains(etag);
    }

    @Test
    void withoutQuorumAdminWritesAnswer503AndReadsKeepAnswering() throws Exception {
        AdminClient admin = new AdminClient(replica("a").adminPort(), TOKEN);
        assertThat(admin.put("/v1/services/orders", null).statusCode()).isEqualTo(201);
        assertThat(admin.put("/v1/services/orders/policy", POLICY).statusCode()).isEqualTo(200);
        int leader = etcd.leader();
        int other = (leader + 1) % 3;
        etcd.kill(leader);
        etcd.kill(other);

        HttpResponse<String> refused = admin.put("/v1/services/orders/authorization", "{\"allow\":[\"web\"]}");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(refused.body()).contains("urn:banyan:problem:store-unavailable");
        HttpResponse<String> ready = admin.get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).startsWith("not ready: store unavailable: ");
        assertThat(admin.get("/v1/services/orders/policy").statusCode()).as("reads answer").isEqualTo(200);

        etcd.restart(leader);
        etcd.restart(other);
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/readyz").statusCode() == 200);
        assertThat(admin.put("/v1/services/orders/authorization", "{\"allow\":[\"web\"]}").statusCode()).isEqualTo(200);
    }
}
