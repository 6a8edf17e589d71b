package io.banyan.controlplane;

import io.banyan.controlplane.support.AdminClient;
import io.banyan.controlplane.support.SmallDisk;
import io.banyan.testkit.log.CapturedStderr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control plane on a real disk that fills up (a 2 MiB tmpfs): writes answer 503 problem+json, logged once,
 * no stack traces; /readyz fails while /healthz stays; reads keep answering; once space is freed the store
 * reopens by itself and writes succeed again.
 */
class DiskFullIT {

    private static final String TOKEN = "disk-full-token";
    private static final int WRITES_WHILE_FULL = 40;

    @TempDir
    Path dir;

    private SmallDisk disk;
    private ControlPlane controlPlane;

    @BeforeEach
    void start() throws Exception {
        disk = SmallDisk.mount(dir.resolve("disk"), "2m");
        controlPlane = ControlPlane.start(ControlPlaneSettings.builder(disk.path().resolve("cp"))
                .bindAddress("127.0.0.1").adminPort(0).xdsPort(0).adminToken(TOKEN).build());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (controlPlane != null) {
                controlPlane.close();
            }
        } finally {
            if (disk != null) {
                disk.close(); // unmounted even when closing the control plane failed
            }
        }
    }

    @Test
    void writesAnswer503WhileTheDiskIsFullAndSucceedOnceSpaceIsFreed() throws Exception {
        AdminClient admin = new AdminClient(controlPlane.adminPort(), TOKEN);
        assertThat(admin.put("/v1/services/orders/authorization", "{\"allow\":[\"web\"]}").statusCode()).isEqualTo(200);

        List<String> unexpected = new ArrayList<>();
        try (CapturedStderr log = new CapturedStderr()) {
            disk.fill();
            for (int i = 0; i < WRITES_WHILE_FULL; i++) {
                HttpResponse<String> response = admin.put("/v1/services/orders/authorization",
                        "{\"allow\":[\"web\",\"caller-" + i + "\"]}");
                if (response.statusCode() != 503
                        || !response.headers().firstValue("Content-Type").orElse("").equals("application/problem+json")
                        || !response.body().contains("\"type\":\"urn:banyan:problem:store-unavailable\"")
                        || response.headers().firstValue("Retry-After").isEmpty()) {
                    unexpected.add(response.statusCode() + " " + response.body());
                }
            }
            assertThat(unexpected).as("writes that did not answer 503 store-unavailable").isEmpty();
            assertThat(log.count("store unavailable: ")).as("state-change log lines").isEqualTo(1);
            assertThat(log.count("No space left on device")).isEqualTo(1);
            assertThat(log.stackTraceLines()).as("stack-trace lines logged").isZero();

            assertThat(admin.get("/readyz").statusCode()).isEqualTo(503);
            assertThat(admin.get("/readyz").body()).isEqualTo("not ready: store unavailable\n");
            assertThat(admin.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(admin.get("/metrics").body()).contains("banyan_store_available 0.0");
            HttpResponse<String> read = admin.get("/v1/services/orders/authorization");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).contains("\"allow\":[\"web\"]");

            disk.free();
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/readyz").statusCode() == 200);
            assertThat(log.count("store available again")).isEqualTo(1);
        }
        assertThat(admin.put("/v1/services/orders/authorization", "{\"allow\":[\"billing\"]}").statusCode()).isEqualTo(200);
        assertThat(admin.get("/metrics").body()).contains("banyan_store_available 1.0");
    }
}
