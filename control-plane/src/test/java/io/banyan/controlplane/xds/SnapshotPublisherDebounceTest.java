package io.banyan.controlplane.xds;

import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.banyan.controlplane.xds.snapshot.Checks;
import io.banyan.controlplane.xds.snapshot.SidecarNode;
import io.banyan.controlplane.xds.snapshot.SidecarNodeParser;
import io.banyan.controlplane.xds.snapshot.SnapshotBuilder;
import io.banyan.testkit.time.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;
import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A burst of changes within the debounce is published in one round, from its last state. */
class SnapshotPublisherDebounceTest {

    private static final String ID = "sidecar~web~h~1";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FakeClock clock = new FakeClock();
    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");
    private final SnapshotPublisher publisher = new SnapshotPublisher(builder, Checks.guard(), new XdsMetrics(meters),
            new XdsDebounce(Duration.ofMillis(50), Duration.ofMillis(500)), clock);
    private final SidecarNode web = new SidecarNodeParser().parse(webNode(ID));

    @AfterEach
    void close() {
        publisher.close();
    }

    private double builds() {
        return meters.get(MetricNames.XDS_NODE_BUILDS).counter().count();
    }

    private String publishedEndpoints() {
        return publisher.snapshot(ID).orElseThrow().endpoints().version();
    }

    private void connect() throws Exception {
        publisher.onChange(registry(1, true));
        publisher.streamOpened(web);
        assertThat(publisher.knownNodes().get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(builds()).isEqualTo(1);
    }

    @Test
    void aBurstIsPublishedOnceTheQuietPeriodEnds_fromItsLastState() throws Exception {
        connect();
        String first = publishedEndpoints();

        for (int revision = 2; revision <= 11; revision++) {
            publisher.onChange(registry(revision, revision % 2 == 0));
        }
        assertThat(builds()).as("the fake clock has not moved: the burst is not due").isEqualTo(1);
        assertThat(publishedEndpoints()).isEqualTo(first);

        clock.advance(Duration.ofMillis(50));

        await().atMost(Duration.ofSeconds(10)).until(() -> builds() == 2);
        assertThat(publishedEndpoints()).isEqualTo(builder.build(web, registry(11, false)).endpoints().version())
                .isNotEqualTo(first);
    }

    @Test
    void anOlderRevisionArrivingLateLosesToTheNewest() throws Exception {
        connect();

        publisher.onChange(registry(3, false));
        publisher.onChange(registry(2, true));
        clock.advance(Duration.ofMillis(50));

        await().atMost(Duration.ofSeconds(10)).until(() -> builds() == 2);
        assertThat(publishedEndpoints()).isEqualTo(builder.build(web, registry(3, false)).endpoints().version());
    }

    @Test
    void whatMustSeeTheNewestConfigurationTakesTheWaitingChangesFirst() throws Exception {
        connect();
        RegistrySnapshot newest = registry(2, false);

        publisher.onChange(newest);
        publisher.knownNodes().get(30, TimeUnit.SECONDS);

        assertThat(publishedEndpoints()).isEqualTo(builder.build(web, newest).endpoints().version());
        assertThat(publisher.nodesAltered(config -> config).get(30, TimeUnit.SECONDS)).isEmpty();
    }
}
