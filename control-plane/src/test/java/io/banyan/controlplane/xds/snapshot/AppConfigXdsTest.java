package io.banyan.controlplane.xds.snapshot;

import com.fasterxml.jackson.databind.node.TextNode;
import io.banyan.controlplane.appconfig.AppConfigSnapshot;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.migration.MigrationSnapshot;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.route.RouteSnapshot;
import io.banyan.dataplane.config.AppConfig;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

/** The app configuration of a service goes, as the SDS Secret app-config/<service>, to that service's nodes only. */
class AppConfigXdsTest {

    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
    private final SidecarNodeParser parser = new SidecarNodeParser();

    private Snapshot build(String nodeId, AppConfigSnapshot appConfig) {
        return builder.build(parser.parse(webNode(nodeId)), registry(1, true), PolicySnapshot.empty(),
                AuthorizationSnapshot.empty(), RouteSnapshot.empty(), MigrationSnapshot.empty(), appConfig);
    }

    @Test
    void onlyTheNodesOfTheServiceGetItsConfiguration() {
        AppConfig web = new AppConfig("4", Map.of("greeting", TextNode.valueOf("hi")));
        AppConfigSnapshot configs = new AppConfigSnapshot(2, new TreeMap<>(Map.of("web", web,
                "orders", new AppConfig("5", Map.of()))), new TreeMap<>());

        Snapshot snapshot = build("sidecar~web~h~1", configs);

        assertThat(snapshot.secrets().resources()).containsOnlyKeys("app-config/web");
        assertThat(snapshot.secrets().resources().get("app-config/web").getGenericSecret().getSecret()
                .getInlineBytes().toStringUtf8()).isEqualTo("{\"version\":\"4\",\"values\":{\"greeting\":\"hi\"}}");
        assertThat(build("sidecar~web~h~1", AppConfigSnapshot.empty()).secrets().resources().get("app-config/web")
                .getGenericSecret().getSecret().getInlineBytes().toStringUtf8()).as("none, so the watch is answered")
                .isEqualTo("{\"version\":\"0\",\"values\":{}}");
        assertThat(build("sidecar~web~h~1", configs).secrets().version())
                .isNotEqualTo(build("sidecar~web~h~1", AppConfigSnapshot.empty()).secrets().version());
    }
}
