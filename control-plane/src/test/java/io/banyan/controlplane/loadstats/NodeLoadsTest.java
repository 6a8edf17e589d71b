package io.banyan.controlplane.loadstats;

import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class NodeLoadsTest {

    private final FakeClock clock = new FakeClock();
    private final NodeLoads loads = new NodeLoads(clock, Duration.ofSeconds(1), Duration.ofSeconds(10));

    @Test
    void sumsTheNodesAskedForOverTheInterval() {
        Instant start = clock.instant();
        loads.record("a", 10, 1);
        loads.record("b", 20, 4);
        clock.advance(Duration.ofSeconds(5));
        loads.record("a", 10, 9);

        assertThat(loads.sum(List.of("a"), start, clock.instant())).isEqualTo(new RequestCounts(20, 10));
        assertThat(loads.sum(List.of("a", "b"), start, clock.instant())).isEqualTo(new RequestCounts(40, 14));
        assertThat(loads.sum(List.of("a"), clock.instant(), clock.instant())).isEqualTo(new RequestCounts(10, 9));
        assertThat(loads.sum(List.of("c"), start, clock.instant())).isEqualTo(RequestCounts.NONE);
    }

    @Test
    void keepsOnlyTheRetentionAndForgetsANodeThatLeft() {
        Instant start = clock.instant();
        loads.record("a", 10, 1);
        clock.advance(Duration.ofSeconds(11));
        loads.record("a", 5, 0);

        assertThat(loads.sum(List.of("a"), start, clock.instant())).isEqualTo(new RequestCounts(5, 0));
        loads.forget("a");
        assertThat(loads.sum(List.of("a"), start, clock.instant())).isEqualTo(RequestCounts.NONE);
    }

    @Test
    void tellsTheListenersWhenWatchingChanges() {
        AtomicInteger told = new AtomicInteger();
        loads.onWatchChange(told::incrementAndGet);

        loads.watch(true);
        loads.watch(true);
        loads.watch(false);

        assertThat(told).hasValue(2);
        assertThat(loads.watching()).isFalse();
    }
}
