package io.banyan.controlplane.loadstats;

import io.banyan.primitives.stats.LatencySketch;
import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The load store on paused time: slots, windows, expiry, merging across reporters, bounds, tracking. */
class LoadStoreTest {

    private static final String TO = "migration|orders-move|to";
    private static final String FROM = "migration|orders-move|from";
    private static final String SHADOW = "migration|orders-move|shadow";

    private final FakeClock clock = new FakeClock();
    private final LoadStore store = new LoadStore(clock);

    private static SideStats side(long requests, long errors, Map<String, Long> causes, long inProgress,
                                  long... micros) {
        LatencySketch.Builder latency = new LatencySketch.Builder();
        for (long m : micros) {
            latency.record(m);
        }
        return new SideStats(requests, errors, causes, inProgress, latency.build());
    }

    private static SideStats requests(long requests) {
        return side(requests, 0, Map.of(), 0);
    }

    private Instant ago(Duration duration) {
        return clock.instant().minus(duration);
    }

    @Test
    void aWindowSumsTheSlotsFromTheOneHoldingSinceToNow() {
        store.track(Set.of(TO));
        LoadStore.Reporter reporter = store.reporter();
        reporter.record(TO, side(10, 1, Map.of("upstream_5xx", 1L), 0), ShadowStats.EMPTY);
        clock.advance(Duration.ofSeconds(30));
        reporter.record(TO, side(20, 2, Map.of("upstream_5xx", 1L, "upstream_reset", 1L), 0), ShadowStats.EMPTY);
        clock.advance(Duration.ofSeconds(30));
        reporter.record(TO, requests(40), ShadowStats.EMPTY);

        assertThat(store.side(TO, ago(Duration.ofSeconds(10))).requests()).isEqualTo(40);
        SideStats minute = store.side(TO, ago(Duration.ofSeconds(30)));
        assertThat(minute.requests()).isEqualTo(60);
        assertThat(minute.errors()).isEqualTo(2);
        assertThat(minute.errorRate()).isEqualTo(2.0 / 60);
        assertThat(minute.errorsByCause()).containsExactlyInAnyOrderEntriesOf(
                Map.of("upstream_5xx", 1L, "upstream_reset", 1L));
        SideStats all = store.side(TO, ago(Duration.ofMinutes(5)));
        assertThat(all.requests()).isEqualTo(70);
        assertThat(all.errorsByCause()).containsEntry("upstream_5xx", 2L);
        assertThat(store.side(TO, clock.instant().plusSeconds(5)).requests()).as("a window starting in the future")
                .isZero();
    }

    @Test
    void aWindowReachesBackToTheStartOfTheSlotHoldingSince() {
        store.track(Set.of(TO));
        LoadStore.Reporter reporter = store.reporter();
        clock.set(Instant.parse("2026-01-01T00:00:00.100Z"));
        reporter.record(TO, requests(5), ShadowStats.EMPTY);
        clock.set(Instant.parse("2026-01-01T00:00:01.000Z"));
        reporter.record(TO, requests(7), ShadowStats.EMPTY);

        assertThat(store.side(TO, Instant.parse("2026-01-01T00:00:00.900Z")).requests()).isEqualTo(12);
        assertThat(store.side(TO, Instant.parse("2026-01-01T00:00:01.000Z")).requests()).isEqualTo(7);
    }

    @Test
    void slotsOlderThanTheRetentionAreNotCountedAndTheirRingPlacesAreReused() {
        LoadStore small = new LoadStore(clock, Duration.ofSeconds(1), Duration.ofSeconds(10));
        small.track(Set.of(TO));
        LoadStore.Reporter reporter = small.reporter();
        reporter.record(TO, requests(100), ShadowStats.EMPTY);
        clock.advance(Duration.ofSeconds(5));
        reporter.record(TO, requests(10), ShadowStats.EMPTY);
        assertThat(small.side(TO, Instant.EPOCH).requests()).isEqualTo(110);

        clock.advance(Duration.ofSeconds(6));
        assertThat(small.side(TO, Instant.EPOCH).requests()).as("the first slot is 11 s old: beyond the 10 s kept")
                .isEqualTo(10);

        // 11 slots later the ring place of the 10-request slot holds a new slot: the old sums are gone, not added.
        clock.advance(Duration.ofSeconds(5));
        reporter.record(TO, requests(1), ShadowStats.EMPTY);
        assertThat(small.side(TO, Instant.EPOCH).requests()).isEqualTo(1);
    }

    @Test
    void aStoreForAReportIntervalHasSlotsThatWideKeptForAnHour() {
        LoadStore fiveSeconds = LoadStore.forReportInterval(clock, Duration.ofSeconds(5));
        fiveSeconds.track(Set.of(TO));
        LoadStore.Reporter reporter = fiveSeconds.reporter();
        clock.set(Instant.parse("2026-01-01T00:00:00Z"));
        reporter.record(TO, requests(5), ShadowStats.EMPTY);
        clock.set(Instant.parse("2026-01-01T00:00:04.900Z"));
        reporter.record(TO, requests(7), ShadowStats.EMPTY);

        assertThat(fiveSeconds.side(TO, Instant.parse("2026-01-01T00:00:04Z")).requests()).as("one 5 s slot")
                .isEqualTo(12);
        clock.set(Instant.parse("2026-01-01T01:00:04.900Z"));
        assertThat(fiveSeconds.side(TO, Instant.parse("2026-01-01T00:00:00Z")).requests()).as("an hour on: kept")
                .isEqualTo(12);
        clock.set(Instant.parse("2026-01-01T01:00:05Z"));
        assertThat(fiveSeconds.side(TO, Instant.EPOCH).requests()).as("beyond the hour's 720 slots").isZero();

        LoadStore seven = LoadStore.forReportInterval(clock, Duration.ofSeconds(7));
        LoadStore subSecond = LoadStore.forReportInterval(clock, Duration.ofMillis(250));
        assertThat(seven).isNotNull();
        assertThat(subSecond).isNotNull();
    }

    @Test
    void sketchesOfManyReportersMergeIntoTheSketchOfAllTheirRequests() {
        store.track(Set.of(TO));
        LoadStore.Reporter a = store.reporter();
        LoadStore.Reporter b = store.reporter();
        a.record(TO, side(3, 0, Map.of(), 0, 1_000, 2_000, 3_000), ShadowStats.EMPTY);
        b.record(TO, side(2, 0, Map.of(), 0, 2_000, 400_000), ShadowStats.EMPTY);
        clock.advance(Duration.ofSeconds(3));
        a.record(TO, side(1, 0, Map.of(), 0, 5_000), ShadowStats.EMPTY);

        LatencySketch expected = new LatencySketch.Builder().record(1_000).record(2_000).record(3_000).record(2_000)
                .record(400_000).record(5_000).build();
        SideStats stats = store.side(TO, ago(Duration.ofMinutes(1)));
        assertThat(stats.latency()).isEqualTo(expected);
        assertThat(stats.requests()).isEqualTo(6);
        assertThat(stats.p50()).isEqualTo(expected.quantile(0.5));
        assertThat(stats.p99().toMillis()).as("the slow request is the 99th percentile").isBetween(375L, 425L);
    }

    @Test
    void inProgressIsTheLatestGaugeOfEachLiveReporterAdded() {
        store.track(Set.of(TO));
        LoadStore.Reporter a = store.reporter();
        LoadStore.Reporter b = store.reporter();
        a.record(TO, side(1, 0, Map.of(), 7), ShadowStats.EMPTY);
        a.record(TO, side(1, 0, Map.of(), 4), ShadowStats.EMPTY);
        b.record(TO, side(1, 0, Map.of(), 2), ShadowStats.EMPTY);
        assertThat(store.side(TO, Instant.EPOCH).inProgress()).isEqualTo(6);
        assertThat(store.reporters()).isEqualTo(2);

        a.close();
        assertThat(store.side(TO, Instant.EPOCH).inProgress()).isEqualTo(2);
        assertThat(store.side(TO, Instant.EPOCH).requests()).as("what a closed reporter said still counts")
                .isEqualTo(3);
        assertThat(a.record(TO, side(1, 0, Map.of(), 9), ShadowStats.EMPTY).tracked()).isFalse();
        assertThat(store.reporters()).isEqualTo(1);
    }

    @Test
    void shadowOutcomesAddUpAndTheNewestSamplesAreKept() {
        store.track(Set.of(SHADOW));
        LoadStore.Reporter reporter = store.reporter();
        for (int i = 0; i < 40; i++) {
            reporter.record(SHADOW, SideStats.EMPTY, new ShadowStats(2, 1, 1, 0, 1, List.of(sample(i))));
            clock.advance(Duration.ofMillis(100));
        }
        reporter.record(SHADOW, SideStats.EMPTY, new ShadowStats(0, 0, 0, 3, 0, List.of()));

        ShadowStats stats = store.shadow(SHADOW, ago(Duration.ofMinutes(1)));
        assertThat(stats.equal()).isEqualTo(40);
        assertThat(stats.different()).isEqualTo(40);
        assertThat(stats.compared()).isEqualTo(80);
        assertThat(stats.failed()).isEqualTo(3);
        assertThat(stats.dropped()).isEqualTo(40);
        assertThat(stats.samples()).hasSize(32);
        assertThat(stats.samples()).extracting(ShadowSample::requestId).first().isEqualTo("r8");
        assertThat(stats.samples()).extracting(ShadowSample::requestId).last().isEqualTo("r39");

        // now is 4.0 s after the first report; 0.5 s ago falls in the slot of 3.0 s to 4.0 s, which got r30 to r39.
        ShadowStats recent = store.shadow(SHADOW, ago(Duration.ofMillis(500)));
        assertThat(recent.samples()).extracting(ShadowSample::requestId).as("samples that arrived in the window")
                .containsExactly("r30", "r31", "r32", "r33", "r34", "r35", "r36", "r37", "r38", "r39");
        assertThat(recent.different()).isEqualTo(10);
    }

    private static ShadowSample sample(int i) {
        return new ShadowSample("r" + i, "GET", "/orders/" + i, 200, 200, "body", "/total",
                FakeClock.DEFAULT_START.plusMillis(i));
    }

    @Test
    void aClusterKeepsAtMost32DistinctCausesAndStillCountsTheOthersErrors() {
        store.track(Set.of(TO));
        LoadStore.Reporter reporter = store.reporter();
        Map<String, Long> causes = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            causes.put("cause_" + i, 1L);
        }
        LoadStore.Recorded recorded = reporter.record(TO, side(40, 40, causes, 0), ShadowStats.EMPTY);
        assertThat(recorded).isEqualTo(new LoadStore.Recorded(true, 8));

        SideStats stats = store.side(TO, Instant.EPOCH);
        assertThat(stats.errors()).isEqualTo(40);
        assertThat(stats.errorsByCause()).hasSize(32);
        String admitted = stats.errorsByCause().keySet().iterator().next();
        assertThat(reporter.record(TO, side(1, 1, Map.of(admitted, 1L, "another", 1L), 0), ShadowStats.EMPTY))
                .isEqualTo(new LoadStore.Recorded(true, 1));
        assertThat(store.side(TO, Instant.EPOCH).errorsByCause()).hasSize(32).containsEntry(admitted, 2L);
    }

    @Test
    void countsNearTheLimitSaturateInsteadOfOverflowing() {
        store.track(Set.of(TO));
        LoadStore.Reporter reporter = store.reporter();
        SideStats huge = new SideStats(Long.MAX_VALUE - 1, Long.MAX_VALUE - 1, Map.of("upstream_5xx", Long.MAX_VALUE),
                Long.MAX_VALUE, LatencySketch.of(new int[] {3}, new long[] {Long.MAX_VALUE - 1}));
        reporter.record(TO, huge, ShadowStats.EMPTY);
        reporter.record(TO, huge, ShadowStats.EMPTY);
        store.reporter().record(TO, huge, ShadowStats.EMPTY);

        SideStats stats = store.side(TO, Instant.EPOCH);
        assertThat(stats.requests()).isEqualTo(Long.MAX_VALUE);
        assertThat(stats.errorsByCause()).containsEntry("upstream_5xx", Long.MAX_VALUE);
        assertThat(stats.inProgress()).isEqualTo(Long.MAX_VALUE);
        assertThat(stats.latency().count()).as("the sketch that would overflow is left out").isEqualTo(Long.MAX_VALUE - 1);
    }

    @Test
    void reportsOfUntrackedClustersAreRefusedAndUntrackingForgetsWhatWasKept() {
        LoadStore.Reporter reporter = store.reporter();
        assertThat(reporter.record(TO, side(5, 0, Map.of(), 3), ShadowStats.EMPTY)).isEqualTo(LoadStore.Recorded.UNTRACKED);
        assertThat(store.side(TO, Instant.EPOCH)).isEqualTo(SideStats.EMPTY);

        store.track(Set.of(TO, FROM));
        reporter.record(TO, side(5, 0, Map.of(), 3), ShadowStats.EMPTY);
        reporter.record(FROM, requests(9), ShadowStats.EMPTY);
        store.track(Set.of(FROM));
        assertThat(store.side(TO, Instant.EPOCH)).isEqualTo(SideStats.EMPTY);
        assertThat(store.side(FROM, Instant.EPOCH).requests()).isEqualTo(9);

        store.track(Set.of(TO, FROM));
        assertThat(store.side(TO, Instant.EPOCH)).as("tracked again: starts empty, the old gauge forgotten too")
                .isEqualTo(SideStats.EMPTY);
        assertThat(store.shadow(SHADOW, Instant.EPOCH)).isEqualTo(ShadowStats.EMPTY);
    }

    @Test
    void listenersHearOfRealChangesOfTheTrackedSetOnly() {
        AtomicInteger changes = new AtomicInteger();
        store.onTrackedChange(changes::incrementAndGet);
        store.track(Set.of(TO));
        store.track(Set.of(TO));
        assertThat(changes).hasValue(1);
        store.track(Set.of(TO, FROM));
        assertThat(changes).hasValue(2);
        assertThat(store.tracked()).containsExactlyInAnyOrder(TO, FROM);
    }

    @Test
    void slotAndRetentionAreChecked() {
        assertThatThrownBy(() -> new LoadStore(clock, Duration.ZERO, Duration.ofHours(1)))
                .hasMessage("slot: PT0S (expected: a whole number of milliseconds >= 1)");
        assertThatThrownBy(() -> new LoadStore(clock, Duration.ofNanos(1_500_000), Duration.ofHours(1)))
                .hasMessageStartingWith("slot: PT0.0015S");
        assertThatThrownBy(() -> new LoadStore(clock, Duration.ofSeconds(1), Duration.ofMillis(1500)))
                .hasMessage("retention: PT1.5S (expected: a whole number of slots of PT1S, 1..100000)");
        assertThatThrownBy(() -> new LoadStore(clock, Duration.ofMillis(1), Duration.ofHours(1)))
                .hasMessageStartingWith("retention: PT1H");
    }

    @Test
    void theSketchHas656BucketsAsTheMemoryBoundSays() {
        assertThat(LatencySketch.BUCKETS).isEqualTo(656);
    }
}
