package io.banyan.sidecar;

import io.banyan.sidecar.tls.ManualScheduler;
import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The order of a graceful stop, on a scheduler moved by hand: not ready first, then the deregistration, then the drain
 * delay (nothing stops during it), then the listeners; once.
 */
class DrainSequenceTest {

    private final FakeClock clock = new FakeClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> connectionsClosed = new CompletableFuture<>();
    private DrainSequence drain;

    private DrainSequence drain(Duration delay, Runnable deregister) {
        drain = new DrainSequence("sidecar orders", delay, scheduler, deregister, () -> {
            steps.add("listeners stop at " + clock.instant());
            return connectionsClosed;
        });
        return drain;
    }

    @Test
    void readyFailsBeforeTheDeregistration_theListenersStopOnlyAfterTheDelay() {
        drain(Duration.ofSeconds(5), () -> steps.add("deregister, ready=" + !drain.started()));
        assertThat(drain.started()).isFalse();

        CompletableFuture<Void> drained = drain.start();

        assertThat(steps).containsExactly("deregister, ready=false");
        assertThat(scheduler.scheduled()).extracting(ManualScheduler.Scheduled::delay)
                .containsExactly(Duration.ofSeconds(5));
        assertThat(drained).isNotDone();

        scheduler.runNext();

        assertThat(steps).containsExactly("deregister, ready=false",
                "listeners stop at " + FakeClock.DEFAULT_START.plusSeconds(5));
        assertThat(drained).isNotDone(); // until every downstream connection has closed
        connectionsClosed.complete(null);
        assertThat(drained).isCompleted();
    }

    @Test
    void runsOnce_aSecondStartAnswersTheSameFuture() {
        drain(Duration.ofSeconds(5), () -> steps.add("deregister"));

        CompletableFuture<Void> first = drain.start();
        CompletableFuture<Void> second = drain.start();

        assertThat(second).isSameAs(first).isSameAs(drain.drained());
        assertThat(steps).containsExactly("deregister");
        assertThat(scheduler.scheduled()).hasSize(1);
    }

    @Test
    void aDelayOfZeroStopsTheListenersRightAfterTheDeregistration() {
        drain(Duration.ZERO, () -> steps.add("deregister"));

        drain.start();
        scheduler.runNext();

        assertThat(steps).containsExactly("deregister", "listeners stop at " + FakeClock.DEFAULT_START);
    }

    @Test
    void aFailedDeregistrationStillDrains() {
        drain(Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("control plane unreachable");
        });

        CompletableFuture<Void> drained = drain.start();
        scheduler.runNext();
        connectionsClosed.complete(null);

        assertThat(drain.started()).isTrue();
        assertThat(drained).isCompleted();
    }

    @Test
    void aNegativeDelayIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> drain(Duration.ofSeconds(-1), () -> { }))
                .hasMessage("drain-delay: PT-1S (expected: >= 0s)");
    }
}
