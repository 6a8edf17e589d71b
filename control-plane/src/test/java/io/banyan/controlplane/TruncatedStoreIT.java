package io.banyan.controlplane;

import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreException;
import io.banyan.controlplane.store.StoreFiles;
import io.banyan.controlplane.support.AdminClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The truncated store: a control plane whose store file was cut to 1 MiB after the {@code orders} allow
 * list was set. It must not start with the older state; with --recover it starts, and {@code orders} does not
 * fall back to accepting every caller.
 */
class TruncatedStoreIT {

    private static final String TOKEN = "truncated-token";

    @TempDir
    Path dataDir;

    @BeforeEach
    void truncatedAfterTheAllowListWasSet() throws Exception {
        try (Store store = Store.open(dataDir)) {
            StoreFiles.commitServices(store, 150);
        }
        try (ControlPlane controlPlane = ControlPlane.start(settings(false))) {
            AdminClient admin = new AdminClient(controlPlane.adminPort(), TOKEN);
            assertThat(admin.put("/v1/services/orders/authorization", "{\"allow\":[\"web\"]}").statusCode())
                    .isEqualTo(200);
        }
        StoreFiles.truncate(dataDir, StoreFiles.ONE_MIB);
    }

    private ControlPlaneSettings settings(boolean recover) {
        return ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1").adminPort(0).xdsPort(0)
                .adminToken(TOKEN).recover(recover).build();
    }

    @Test
    void theControlPlaneRefusesToStartNamingTheFile() {
        assertThatThrownBy(() -> ControlPlane.start(settings(false)).close())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(dataDir.toAbsolutePath().resolve(Store.FILE_NAME).toString())
                .hasMessageContaining("truncated or replaced by an older copy")
                .hasMessageContaining("--recover");
    }

    @Test
    void recoverStartsButTheLostAllowListDoesNotOpenOrdersToEveryone() throws Exception {
        try (ControlPlane controlPlane = ControlPlane.start(settings(true))) {
            AdminClient admin = new AdminClient(controlPlane.adminPort(), TOKEN);
            String rule = admin.get("/v1/services/orders/authorization").body();
            assertThat(rule).contains("\"source\":\"default\"").contains("\"defaultMode\":\"deny-unless-allowed\"");
        }
        try (ControlPlane controlPlane = ControlPlane.start(settings(false))) {
            AdminClient admin = new AdminClient(controlPlane.adminPort(), TOKEN);
            assertThat(admin.get("/v1/authorization/default").body()).contains("deny-unless-allowed");
        }
    }
}
