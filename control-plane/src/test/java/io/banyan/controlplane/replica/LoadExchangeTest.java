package io.banyan.controlplane.replica;

import io.banyan.controlplane.loadstats.LoadStore;
import io.banyan.controlplane.loadstats.ShadowStats;
import io.banyan.controlplane.loadstats.SideStats;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredLoads;
import io.banyan.primitives.stats.LatencySketch;
import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load reports cross replicas through the store's {@code loads} map: this replica's sidecars' reports are written
 * summed per cluster, another replica's entry adds to this replica's window (what the leader's guard reads), a
 * stale one is ignored, and what was taken from another replica is never written back. On a fake clock; the other
 * replica is simulated by writing its entry to the store directly.
 */
class LoadExchangeTest {

    private static final String TO = "migration|m|to";
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final FakeClock clock = new FakeClock();

    @TempDir
    Path dir;
    private Store store;
    private LoadStore loads;
    private LoadExchange exchange;
    private Instant since;

    @BeforeEach
    void open() {
        store = Store.open(dir);
        loads = LoadStore.forReportInterval(clock, INTERVAL);
        loads.track(Set.of(TO));
        exchange = new LoadExchange(loads, store, clock, INTERVAL);
        exchange.collect();
        since = clock.instant();
    }

    @AfterEach
    void close() {
        exchange.close();
        store.close();
    }

    private static SideStats side(long requests, long errors) {
        return new SideStats(requests, errors, Map.of("upstream_5xx", errors), 0,
                LatencySketch.of(new int[] {3}, new long[] {requests}));
    }

    @Test
    void thisReplicasReportsAreWrittenSummedOnceAndThenNothing() {
        LoadStore.Reporter sidecar = loads.reporter();
        sidecar.record(TO, side(60, 2), ShadowStats.EMPTY);
        sidecar.record(TO, side(40, 3), ShadowStats.EMPTY);

        exchange.flush();

        StoredLoads written = store.loads().get(store.replica()).orElseThrow();
        assertThat(written.clusters()).containsOnlyKeys(TO);
        assertThat(written.clusters().get(TO)).extracting(StoredLoads.Cluster::requests, StoredLoads.Cluster::errors,
                StoredLoads.Cluster::errorsByCause).containsExactly(100L, 5L, Map.of("upstream_5xx", 5L));

        clock.advance(INTERVAL);
        exchange.flush();
        assertThat(store.loads().get(store.replica()).orElseThrow().writtenAt()).isEqualTo(written.writtenAt());
    }

    @Test
    void anotherReplicasReportsAddToThisWindowAndAreNotWrittenBack() {
        loads.reporter().record(TO, side(100, 5), ShadowStats.EMPTY);
        store.loads().put("replica-b", new StoredLoads("replica-b", clock.instant(), Map.of(TO,
                new StoredLoads.Cluster(50, 10, Map.of("reset", 10L), new int[] {3}, new long[] {50}, 0, 0, 0, 0),
                "migration|other|to", new StoredLoads.Cluster(7, 7, Map.of(), null, null, 0, 0, 0, 0))));

        exchange.changed("loads", "replica-b", "...");

        SideStats summed = loads.side(TO, since);
        assertThat(summed.requests()).isEqualTo(150);
        assertThat(summed.errors()).isEqualTo(15);
        assertThat(summed.errorsByCause()).containsEntry("reset", 10L).containsEntry("upstream_5xx", 5L);
        assertThat(summed.latency().count()).isEqualTo(150);
        assertThat(loads.side("migration|other|to", since).requests()).isZero();

        exchange.flush();
        assertThat(store.loads().get(store.replica()).orElseThrow().clusters().get(TO).requests()).isEqualTo(100);
    }

    @Test
    void anEntryOlderThanThreeIntervalsIsIgnored() {
        store.loads().put("replica-b", new StoredLoads("replica-b", clock.instant(), Map.of(TO,
                new StoredLoads.Cluster(50, 10, Map.of(), null, null, 0, 0, 0, 0))));
        clock.advance(INTERVAL.multipliedBy(3).plusMillis(1));

        exchange.changed("loads", "replica-b", "...");

        assertThat(loads.side(TO, since).requests()).isZero();
    }

    @Test
    void thisReplicasOwnEntryIsNotTaken() {
        store.loads().put(store.replica(), new StoredLoads(store.replica(), clock.instant(), Map.of(TO,
                new StoredLoads.Cluster(50, 10, Map.of(), null, null, 0, 0, 0, 0))));

        exchange.changed("loads", store.replica(), "...");

        assertThat(loads.side(TO, since).requests()).isZero();
    }

    @Test
    void theLeaderRemovesTheEntriesOfReplicasThatStoppedWriting() {
        store.loads().put("gone", new StoredLoads("gone", clock.instant(), Map.of(TO,
                new StoredLoads.Cluster(1, 0, Map.of(), null, null, 0, 0, 0, 0))));
        clock.advance(INTERVAL.multipliedBy(StaleEntries.KEPT_INTERVALS - 1));
        store.loads().put("alive", new StoredLoads("alive", clock.instant(), Map.of()));
        clock.advance(INTERVAL.plusMillis(1));

        exchange.flush();

        assertThat(store.loads().get("gone")).isEmpty();
        assertThat(store.loads().get("alive")).isPresent();
    }

    private void reportingReplicas(int count) {
        for (int i = 0; i < count; i++) {
            store.loads().put("r-" + i, new StoredLoads("r-" + i, clock.instant(), Map.of()));
            exchange.changed("loads", "r-" + i, "...");
        }
    }

    private void newReplicaReports(long requests) {
        store.loads().put("r-new", new StoredLoads("r-new", clock.instant(), Map.of(TO,
                new StoredLoads.Cluster(requests, 0, Map.of(), null, null, 0, 0, 0, 0))));
        exchange.changed("loads", "r-new", "...");
    }

    @Test
    void aReplicaWhoseEntryWasRemovedMakesRoomForANewOne() {
        reportingReplicas(LoadExchange.MAX_REPLICAS);
        store.loads().remove("r-0");
        exchange.changed("loads", "r-0", null);

        newReplicaReports(50);

        assertThat(loads.side(TO, since).requests()).isEqualTo(50);
    }

    @Test
    void replicasWhoseEntriesWentStaleMakeRoomForNewOnes() {
        reportingReplicas(LoadExchange.MAX_REPLICAS);
        clock.advance(INTERVAL.multipliedBy(LoadExchange.STALE_INTERVALS).plusMillis(1));

        newReplicaReports(50);

        assertThat(loads.side(TO, since).requests()).isEqualTo(50);
    }

    @Test
    void whileAllOfThemReportANewReplicaIsStillRefused() {
        reportingReplicas(LoadExchange.MAX_REPLICAS);

        newReplicaReports(50);

        assertThat(loads.side(TO, since).requests()).isZero();
    }
}
