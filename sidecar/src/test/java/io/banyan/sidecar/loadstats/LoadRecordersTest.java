package io.banyan.sidecar.loadstats;

import io.banyan.primitives.stats.LatencySketch;
import io.banyan.sidecar.core.ErrorCause;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The counters a load report is made of: only configured clusters the control plane asked about are counted, per
 * zone of their endpoints; successes, errors by cause and durations come out as deltas, the in-progress gauge as it is.
 */
class LoadRecordersTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LoadRecorders loads = new LoadRecorders();

    @Test
    void countsSuccessesErrorsByCauseAndDurationsPerZone() {
        LoadSlot orders = configured("orders", "a", "b");
        loads.track(Set.of("orders"), false);
        ClusterLoad load = orders.recorder();

        for (int i = 0; i < 5; i++) {
            load.started();
        }
        load.ended("a", 200, null, 2 * MS);
        load.ended("a", 404, null, 3 * MS); // a 4xx is the caller's: a success, as Envoy counts
        load.ended("b", 503, null, 40 * MS);
        load.ended("b", 502, ErrorCause.UPSTREAM_RESET, 50 * MS);
        load.ended("", 503, ErrorCause.NO_HEALTHY_UPSTREAM, 0);

        ClusterDelta delta = loads.drain("orders");

        assertThat(delta.cluster()).isEqualTo("orders");
        assertThat(delta.issued()).isEqualTo(5);
        assertThat(delta.inProgress()).isZero();
        assertThat(delta.localities()).extracting(LocalityDelta::zone).containsExactly("", "a", "b");
        LocalityDelta unknown = delta.localities().get(0);
        LocalityDelta a = delta.localities().get(1);
        LocalityDelta b = delta.localities().get(2);
        assertThat(unknown.errorsByCause()).containsExactly(Map.entry("no_healthy_upstream", 1L));
        assertThat(a.succeeded()).isEqualTo(2);
        assertThat(a.errors()).isZero();
        assertThat(a.errorsByCause()).isEmpty();
        assertThat(b.succeeded()).isZero();
        assertThat(b.errors()).isEqualTo(2);
        assertThat(b.errorsByCause()).containsExactly(Map.entry("upstream_5xx", 1L), Map.entry("upstream_reset", 1L));
        assertThat(a.latency()).containsExactly(
                new LatencyBucket(LatencySketch.indexOf(2_000), 1, 2_000),
                new LatencyBucket(LatencySketch.indexOf(3_000), 1, 3_000));
        assertThat(b.latency()).extracting(LatencyBucket::count).containsExactly(1L, 1L);
        assertThat(b.latency()).extracting(LatencyBucket::totalMicros).containsExactly(40_000L, 50_000L);
    }

    @Test
    void eachDrainHoldsWhatHappenedSinceTheLastOneWhileInProgressIsTheGaugeNow() {
        LoadSlot orders = configured("orders", "a");
        loads.track(Set.of("orders"), false);
        ClusterLoad load = orders.recorder();
        load.started();
        load.started();
        load.started();
        load.ended("a", 200, null, MS);

        ClusterDelta first = loads.drain("orders");
        ClusterDelta second = loads.drain("orders");
        load.ended("a", 500, null, MS);
        ClusterDelta third = loads.drain("orders");

        assertThat(first.issued()).isEqualTo(3);
        assertThat(first.inProgress()).isEqualTo(2);
        assertThat(first.localities()).singleElement().extracting(LocalityDelta::succeeded).isEqualTo(1L);
        assertThat(second).isEqualTo(new ClusterDelta("orders", 0, 2, List.of()));
        assertThat(second.isEmpty()).isFalse(); // requests still in progress are worth a report
        assertThat(third.issued()).isZero();
        assertThat(third.inProgress()).isEqualTo(1);
        assertThat(third.localities()).singleElement().satisfies(a -> {
            assertThat(a.succeeded()).isZero();
            assertThat(a.errors()).isEqualTo(1);
        });
    }

    @Test
    void aClientThatGaveUpOrAMeshRefusalOfTheClientsOwnIsNeitherSuccessNorError() {
        LoadSlot orders = configured("orders", "a");
        loads.track(Set.of("orders"), false);
        ClusterLoad load = orders.recorder();
        load.started();
        load.started();
        load.ended("a", 0, null, MS);
        load.ended("a", 400, ErrorCause.BAD_REQUEST, MS);

        LocalityDelta a = loads.drain("orders").localities().get(0);

        assertThat(a.succeeded()).isZero();
        assertThat(a.errors()).isZero();
        assertThat(a.latency()).extracting(LatencyBucket::count).containsExactly(2L);
    }

    @Test
    void onlyConfiguredClustersTheControlPlaneAskedAboutAreCounted() {
        LoadSlot orders = configured("orders", "a");
        LoadSlot payments = configured("payments", "a");
        loads.track(Set.of("orders", "not-configured"), false);

        loads.started("orders");
        loads.ended("orders", "a", 200, null, MS);
        loads.started("payments");
        loads.ended("payments", "a", 200, null, MS);
        loads.started("not-configured");
        loads.ended("not-configured", "a", 200, null, MS);

        assertThat(orders.recorder()).isNotNull();
        assertThat(payments.recorder()).as("a request to it costs a read and a null check").isNull();
        assertThat(loads.tracked()).containsExactly("orders");
        assertThat(loads.drain("orders").issued()).isEqualTo(1);
        assertThat(loads.drain("payments").isEmpty()).isTrue();
        assertThat(loads.drain("not-configured").isEmpty()).isTrue();

        loads.track(Set.of(), true); // send_all_clusters
        assertThat(loads.tracked()).containsExactly("orders", "payments");
        loads.track(Set.of("payments"), false);
        assertThat(orders.recorder()).isNull();
        assertThat(loads.tracked()).containsExactly("payments");
    }

    @Test
    void aClusterEnteringTheConfigIsCountedWhenAlreadyAskedAboutAndNotAfterItLeft() {
        loads.track(Set.of("orders"), false);

        LoadSlot orders = configured("orders", "a");
        assertThat(orders.recorder()).isNotNull();

        loads.release("orders");
        loads.started("orders");
        assertThat(orders.recorder()).isNull();
        assertThat(loads.tracked()).isEmpty();
        assertThat(loads.drain("orders").isEmpty()).isTrue();
    }

    @Test
    void aZoneNotInTheConfigCountsAsUnknownAndAZoneThatLeftIsReportedOnceMore() {
        LoadSlot orders = configured("orders", "a", "b");
        loads.track(Set.of("orders"), false);
        ClusterLoad load = orders.recorder();
        load.started();
        load.started();
        load.started();
        load.ended("b", 200, null, MS);
        orders.zones(Set.of("a"));
        load.ended("b", 200, null, MS); // answered by an endpoint that has left the config meanwhile
        load.ended("made-up", 200, null, MS);

        ClusterDelta first = loads.drain("orders");
        load.started();
        load.ended("b", 200, null, MS);
        ClusterDelta second = loads.drain("orders");

        assertThat(first.localities()).extracting(LocalityDelta::zone, LocalityDelta::succeeded)
                .containsExactly(tuple("", 2L), tuple("b", 1L));
        assertThat(second.localities()).extracting(LocalityDelta::zone).containsExactly("");
    }

    @Test
    void anUntrackedSlotIsNeverCounting() {
        assertThat(LoadSlot.UNTRACKED.recorder()).isNull();
    }

    private LoadSlot configured(String cluster, String... zones) {
        LoadSlot slot = loads.slot(cluster);
        slot.zones(Set.of(zones));
        return slot;
    }
}
