package io.banyan.sidecar.appconfig;

import com.fasterxml.jackson.databind.node.IntNode;
import io.banyan.dataplane.config.AppConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Long polls parked as futures, woken by a change or by a timeout on a paused (embedded) event loop's clock. */
class ConfigWatchTest {

    private final EmbeddedChannel timer = new EmbeddedChannel();
    private final ConfigWatch watch = new ConfigWatch(2);

    private static AppConfig config(String version, int n) {
        return new AppConfig(version, Map.of("n", IntNode.valueOf(n)));
    }

    private void advance(Duration by) {
        timer.advanceTimeBy(by.toNanos(), TimeUnit.NANOSECONDS);
        timer.runScheduledPendingTasks();
    }

    @AfterEach
    void noLeaks() {
        assertThat(timer.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aWaiterOnTheHeldVersionIsWokenByTheNextChange() {
        watch.update(config("3", 1));
        CompletableFuture<Optional<AppConfig>> parked = watch.await("3", Duration.ofSeconds(30), timer.eventLoop())
                .orElseThrow();
        assertThat(parked).isNotDone();
        assertThat(watch.waiting()).isEqualTo(1);

        watch.update(config("4", 2));

        assertThat(parked).isCompletedWithValue(Optional.of(config("4", 2)));
        assertThat(watch.waiting()).isZero();
        advance(Duration.ofSeconds(30));
        assertThat(parked.join()).contains(config("4", 2));
    }

    @Test
    void aWaiterOnAnotherVersionIsAnsweredAtOnce() {
        watch.update(config("5", 1));

        assertThat(watch.await("4", Duration.ofSeconds(30), timer.eventLoop()).orElseThrow())
                .isCompletedWithValue(Optional.of(config("5", 1)));
        assertThat(watch.waiting()).isZero();
    }

    @Test
    void aWaiterIsAnsweredEmptyWhenTheWaitPasses() {
        watch.update(config("3", 1));
        CompletableFuture<Optional<AppConfig>> parked = watch.await("3", Duration.ofSeconds(30), timer.eventLoop())
                .orElseThrow();

        advance(Duration.ofSeconds(29));
        assertThat(parked).isNotDone();
        advance(Duration.ofSeconds(1));

        assertThat(parked).isCompletedWithValue(Optional.empty());
        assertThat(watch.waiting()).isZero();
    }

    @Test
    void theSameConfigAgainWakesNobodyAndTheWaitersAreBounded() {
        watch.update(config("3", 1));
        CompletableFuture<Optional<AppConfig>> first = watch.await("3", Duration.ofSeconds(30), timer.eventLoop())
                .orElseThrow();
        watch.await("3", Duration.ofSeconds(30), timer.eventLoop()).orElseThrow();

        assertThat(watch.await("3", Duration.ofSeconds(30), timer.eventLoop())).as("bounded").isEmpty();
        watch.update(config("3", 1));
        assertThat(first).isNotDone();
        advance(Duration.ofSeconds(30));
        assertThat(watch.waiting()).isZero();
    }

    @Test
    void beforeAnyConfigAWaiterWaitsForTheFirst() {
        CompletableFuture<Optional<AppConfig>> parked = watch.await("", Duration.ofSeconds(10), timer.eventLoop())
                .orElseThrow();
        assertThat(parked).isNotDone();

        watch.update(config("1", 1));

        assertThat(parked).isCompletedWithValue(Optional.of(config("1", 1)));
    }
}
