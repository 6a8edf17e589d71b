package io.banyan.controlplane.xds;

import com.fasterxml.jackson.databind.node.TextNode;
import io.banyan.controlplane.appconfig.AppConfigSnapshot;
import io.banyan.controlplane.authz.AllowList;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.authz.DefaultMode;
import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.banyan.controlplane.xds.snapshot.Checks;
import io.banyan.controlplane.xds.snapshot.SidecarNode;
import io.banyan.controlplane.xds.snapshot.SidecarNodeParser;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.banyan.dataplane.config.AppConfig;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

class SnapshotPublisherTest {

    private static final String ID = "sidecar~web~h~1";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SnapshotPublisher publisher = new SnapshotPublisher(new SnapshotBuilder("mesh.local"), Checks.guard(),
            new XdsMetrics(meters));
    private final SidecarNode web = new SidecarNodeParser().parse(webNode(ID));

    @AfterEach
    void close() {
        publisher.close();
    }

    /** Waits until every task queued on the publisher's thread so far has run. */
    private int settle() throws Exception {
        return publisher.knownNodes().get(30, TimeUnit.SECONDS);
    }

    private double pushes() {
        return meters.get(MetricNames.XDS_PUSHES).counter().count();
    }

    @Test
    void buildsTheSnapshotWhenTheNodeConnectsFromTheLatestRegistry() throws Exception {
        assertThat(publisher.snapshot(ID)).isEmpty();
        publisher.onChange(registry(1, true));

        publisher.streamOpened(web);
        assertThat(settle()).isEqualTo(1);

        Snapshot snapshot = publisher.snapshot(ID).orElseThrow();
        assertThat(snapshot.clusters().resources()).containsKeys("orders", "ghost", "inbound|8080");
        assertThat(pushes()).isEqualTo(1.0);
    }

    @Test
    void anAppConfigurationChangeIsPushedToTheNodesOfItsService() throws Exception {
        publisher.onChange(registry(1, true));
        publisher.onAppConfig(new AppConfigSnapshot(1, new TreeMap<>(), new TreeMap<>()));
        publisher.streamOpened(web);
        settle();
        String none = publisher.snapshot(ID).orElseThrow().secrets().version();

        publisher.onAppConfig(new AppConfigSnapshot(2, new TreeMap<>(Map.of("web", new AppConfig("7",
                Map.of("a", TextNode.valueOf("b"))))), new TreeMap<>()));
        settle();

        assertThat(publisher.snapshot(ID).orElseThrow().secrets().resources()).containsOnlyKeys("app-config/web");
        assertThat(publisher.snapshot(ID).orElseThrow().secrets().version()).isNotEqualTo(none);
        assertThat(pushes()).isEqualTo(2.0);
    }

    @Test
    void rebuildsConnectedNodesOnChangeAndPushesOnlyWhenContentChanges() throws Exception {
        publisher.onChange(registry(1, true));
        publisher.streamOpened(web);
        settle();
        String endpoints = publisher.snapshot(ID).orElseThrow().endpoints().version();

        publisher.onChange(registry(2, true));
        settle();
        assertThat(pushes()).isEqualTo(1.0);

        publisher.onChange(registry(3, false));
        settle();
        assertThat(pushes()).isEqualTo(2.0);
        assertThat(publisher.snapshot(ID).orElseThrow().endpoints().version()).isNotEqualTo(endpoints);

        publisher.onChange(registry(2, true));
        settle();
        assertThat(pushes()).as("an older revision is ignored").isEqualTo(2.0);
    }

    @Test
    void aServiceThatLeavesTheRegistryLeavesNoSharedResourcesBehind() throws Exception {
        RegistrySnapshot before = registry(1, true);
        publisher.onChange(before);
        publisher.streamOpened(web);
        settle();
        int kept = publisher.sharedServices().get(30, TimeUnit.SECONDS);
        String gone = before.services().firstKey();
        TreeMap<String, List<InstanceHealth>> services = new TreeMap<>(before.services());
        services.remove(gone);

        publisher.onChange(new RegistrySnapshot(2, services));
        settle();

        assertThat(publisher.snapshot(ID).orElseThrow().clusters().resources()).doesNotContainKey(gone);
        assertThat(publisher.sharedServices().get(30, TimeUnit.SECONDS)).isEqualTo(kept - 1);
    }

    @Test
    void forgettingANodeReleasesItsSnapshot() throws Exception {
        publisher.onChange(registry(1, true));
        publisher.streamOpened(web);
        assertThat(settle()).isEqualTo(1);
        assertThat(publisher.snapshot(ID)).isPresent();

        publisher.forget(ID);
        assertThat(settle()).isZero();
        assertThat(publisher.snapshot(ID)).isEmpty();

        publisher.onChange(registry(2, false));
        settle();
        assertThat(publisher.snapshot(ID)).as("a forgotten node is not rebuilt").isEmpty();
    }

    @Test
    void aNodeAdmittedAgainAfterItWasForgottenIsBuiltAgain() throws Exception {
        publisher.onChange(registry(1, true));
        publisher.streamOpened(web);
        publisher.forget(ID);
        publisher.streamOpened(web);

        assertThat(settle()).isEqualTo(1);
        assertThat(publisher.snapshot(ID)).isPresent();
    }

    @Test
    void anAuthorizationSnapshotRebuildsConnectedNodesAndAnOlderRevisionIsIgnored() throws Exception {
        publisher.onChange(registry(1, true));
        publisher.streamOpened(web);
        settle();
        String open = publisher.snapshot(ID).orElseThrow().listeners().version();

        publisher.onAuthorizations(webAccepts(2, "orders"));
        settle();
        String onlyOrders = publisher.snapshot(ID).orElseThrow().listeners().version();
        assertThat(onlyOrders).as("the inbound listener gets its RBAC filter").isNotEqualTo(open);
        assertThat(pushes()).isEqualTo(2.0);

        publisher.onAuthorizations(webAccepts(1, "billing"));
        settle();
        assertThat(publisher.snapshot(ID).orElseThrow().listeners().version()).as("an older revision is ignored")
                .isEqualTo(onlyOrders);
        assertThat(pushes()).isEqualTo(2.0);

        publisher.onAuthorizations(AuthorizationSnapshot.empty());
        settle();
        assertThat(publisher.snapshot(ID).orElseThrow().listeners().version()).isEqualTo(onlyOrders);
    }

    private static AuthorizationSnapshot webAccepts(long revision, String caller) {
        TreeMap<String, AllowList> lists = new TreeMap<>();
        lists.put("web", new AllowList("web", List.of(caller)));
        return new AuthorizationSnapshot(revision, lists, DefaultMode.ALLOW_ALL);
    }
}
