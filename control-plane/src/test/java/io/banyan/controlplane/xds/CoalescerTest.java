package io.banyan.controlplane.xds;

import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A burst is due after the quiet period following its last change, never later than max after its first. */
class CoalescerTest {

    private final FakeClock clock = new FakeClock();
    private final Coalescer coalescer = new Coalescer(new XdsDebounce(Duration.ofMillis(50), Duration.ofMillis(500)));

    @Test
    void aLoneChangeWaitsForTheQuietPeriod() {
        coalescer.changed(clock.instant());

        assertThat(coalescer.remaining(clock.instant())).isEqualTo(Duration.ofMillis(50));
        clock.advance(Duration.ofMillis(30));
        assertThat(coalescer.remaining(clock.instant())).isEqualTo(Duration.ofMillis(20));
        clock.advance(Duration.ofMillis(20));
        assertThat(coalescer.remaining(clock.instant())).isZero();
    }

    @Test
    void eachChangeRestartsTheQuietPeriod_butNeverPastTheMaximumAfterTheFirst() {
        coalescer.changed(clock.instant());
        for (int i = 0; i < 11; i++) {
            clock.advance(Duration.ofMillis(40));
            coalescer.changed(clock.instant());
        }

        assertThat(coalescer.remaining(clock.instant())).as("440ms in: 500ms after the first, not 50ms after the last")
                .isEqualTo(Duration.ofMillis(50));
        clock.advance(Duration.ofMillis(40));
        coalescer.changed(clock.instant());
        assertThat(coalescer.remaining(clock.instant())).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void afterPublishingTheNextChangeStartsANewBurst() {
        coalescer.changed(clock.instant());
        clock.advance(Duration.ofMillis(600));
        assertThat(coalescer.remaining(clock.instant())).isZero();

        coalescer.published();
        assertThat(coalescer.remaining(clock.instant())).as("no burst").isZero();
        coalescer.changed(clock.instant());
        assertThat(coalescer.remaining(clock.instant())).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void theSettingsNameTheFlagAndWhatWasExpected() {
        assertThat(XdsDebounce.DEFAULT.quiet()).isEqualTo(Duration.ofMillis(50));
        assertThat(XdsDebounce.DEFAULT.max()).isEqualTo(Duration.ofMillis(500));
        assertThat(new XdsDebounce(Duration.ZERO, Duration.ofMillis(500)).enabled()).isFalse();
        assertThatThrownBy(() -> new XdsDebounce(Duration.ofMillis(100), Duration.ofMillis(50)))
                .hasMessage("xds-debounce-max: 50ms (expected: xds-debounce (100ms)..1m)");
        assertThatThrownBy(() -> new XdsDebounce(Duration.ofMillis(-1), Duration.ofMillis(50)))
                .hasMessageStartingWith("xds-debounce: ");
    }
}
