package io.banyan.controlplane.xds;

import io.banyan.controlplane.xds.snapshot.SidecarNode;
import io.banyan.controlplane.xds.snapshot.SidecarNodeParser;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.controlplane.metrics.MetricNames;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SnapshotPublisherTest {

    private static final String ID = "sidecar~web~h~1";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SnapshotPublisher publisher = new SnapshotPublisher(new SnapshotBuilder(), new XdsMetrics(meters));
    private final SidecarNode web = new SidecarNodeParser().parse(webNode(ID));

    @AfterEach
    void close() {
        publisher.close();
    }

    /** Waits until every task queued on the publisher's thread so far has run. */
    private int settle() throws Exception {
        return publisher.knownNodes().get(5, TimeUnit.SECONDS);
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
}
