package io.banyan.sidecar.mirror;

import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.MirrorPolicy;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.RouteMatch;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.sidecar.metrics.ComparisonOutcome;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Counts per mirror cluster since the last drain and since start, a ring of 32 differences, clusters of the config. */
class ShadowLedgerTest {

    private final ShadowLedger ledger = new ShadowLedger(Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));

    @Test
    void aDrainTakesTheCountsAndNewDifferencesSinceThePreviousOne() {
        ledger.compared("shadow", ComparisonOutcome.EQUAL, null);
        ledger.compared("shadow", ComparisonOutcome.DIFFERENT, difference(1));
        ledger.compared("shadow", ComparisonOutcome.FAILED, null);
        ledger.dropped("shadow");

        assertThat(ledger.drain("shadow")).isEqualTo(new ShadowDelta(1, 1, 1, 1, List.of(difference(1))));
        assertThat(ledger.drain("shadow").isEmpty()).isTrue();
        ledger.compared("shadow", ComparisonOutcome.DIFFERENT, difference(2));
        assertThat(ledger.drain("shadow").samples()).containsExactly(difference(2));
        assertThat(ledger.drain("other")).isSameAs(ShadowDelta.EMPTY);
    }

    @Test
    void theRingKeepsTheLast32DifferencesOldestFirst() {
        IntStream.range(0, 40).forEach(i -> ledger.compared("shadow", ComparisonOutcome.DIFFERENT, difference(i)));

        ShadowDelta delta = ledger.drain("shadow");
        assertThat(delta.different()).isEqualTo(40);
        assertThat(delta.samples()).hasSize(ShadowLedger.SAMPLES_PER_CLUSTER)
                .first().isEqualTo(difference(8));
        assertThat(delta.samples().get(31)).isEqualTo(difference(39));
        ShadowLedger.ClusterShadows view = ledger.view().get(0);
        assertThat(view.different()).isEqualTo(40); // since start: draining does not reset it
        assertThat(view.differences()).hasSize(32);
    }

    @Test
    void clustersTheConfigNoLongerMirrorsToAreForgottenAndTheirNumberIsBounded() {
        ledger.compared("kept", ComparisonOutcome.EQUAL, null);
        ledger.compared("gone", ComparisonOutcome.EQUAL, null);

        ledger.retainClustersOf(mirroringTo("kept"));

        assertThat(ledger.view()).extracting(ShadowLedger.ClusterShadows::cluster).containsExactly("kept");
        IntStream.range(0, ShadowLedger.MAX_CLUSTERS + 10).forEach(i -> ledger.dropped("c" + i));
        assertThat(ledger.view()).hasSize(ShadowLedger.MAX_CLUSTERS);
    }

    private static MeshConfig mirroringTo(String cluster) {
        RouteAction action = RouteAction.toCluster("orders").withMirrors(List.of(MirrorPolicy.always(cluster)));
        RouteConfig table = new RouteConfig("rc", List.of(new VirtualHost("orders", List.of("*"),
                List.of(new Route(RouteMatch.prefix("/"), action)))));
        return new MeshConfig(Map.of(), Map.of("rc", table), Map.of(), Map.of(), Map.of());
    }

    private static ShadowDifference difference(int i) {
        return new ShadowDifference("req-" + i, "GET", "/orders/" + i, 200, 200, "body", "/total", 1_000);
    }
}
