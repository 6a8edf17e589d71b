package io.banyan.controlplane;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.banyan.adminserver.ApiDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/admin-api.yaml describes the admin API the control plane serves: every route of the table its admin server
 * dispatches on is described (method and path template, open or behind the token), and nothing else.
 */
class AdminApiDescriptionIT {

    private static final Path DESCRIPTION = Path.of("..", "docs", "admin-api.yaml");

    @TempDir
    Path dataDir;

    @Test
    void theDescriptionNamesEveryRouteAndNoOther() throws Exception {
        try (ControlPlane controlPlane = ControlPlane.start(
                ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1").adminPort(0).xdsPort(0)
                        .adminToken("doc-token").build())) {
            assertThat(controlPlane.adminRoutes()).isNotEmpty();

            assertThat(ApiDescription.differences(controlPlane.adminRoutes(),
                    ApiDescription.routes(new YAMLMapper().readTree(DESCRIPTION.toFile())))).isEmpty();
        }
    }
}
