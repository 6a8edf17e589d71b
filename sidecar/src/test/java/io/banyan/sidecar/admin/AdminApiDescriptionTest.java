package io.banyan.sidecar.admin;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.banyan.adminserver.ApiDescription;
import io.banyan.adminserver.RouteTable;
import io.banyan.dataplane.config.MeshConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/sidecar-admin-api.yaml describes the sidecar's admin endpoints: every route of the table its admin server
 * dispatches on is described (open or behind the token), and nothing else; the open routes are the probes' paths
 * {@link AdminAccess} lets through without the token.
 */
class AdminApiDescriptionTest {

    private static final Path DESCRIPTION = Path.of("..", "docs", "sidecar-admin-api.yaml");

    private final AdminServer server = new AdminServer("127.0.0.1", 0, new AdminSources(() -> ReadinessStatus.READY,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> (MeshConfig) null, null, null, () -> { }));

    @Test
    void theDescriptionNamesEveryRouteAndNoOther() throws Exception {
        List<RouteTable.Route> routes = server.routes();
        assertThat(routes).isNotEmpty();

        assertThat(ApiDescription.differences(routes,
                ApiDescription.routes(new YAMLMapper().readTree(DESCRIPTION.toFile())))).isEmpty();
        server.close();
    }

    @Test
    void theOpenRoutesAreTheProbesPathsAdminAccessLetsThrough() {
        assertThat(server.routes().stream().filter(RouteTable.Route::open).map(RouteTable.Route::template))
                .containsExactlyInAnyOrderElementsOf(AdminAccess.OPEN_PATHS);
        server.close();
    }
}
