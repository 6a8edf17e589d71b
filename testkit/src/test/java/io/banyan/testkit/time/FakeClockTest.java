package io.banyan.testkit.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeClockTest {

    @Test
    void advanceMovesTheWallClockAndTheMonotonicTime() {
        FakeClock clock = new FakeClock();

        clock.advance(Duration.ofMillis(1500));

        assertThat(clock.instant()).isEqualTo(FakeClock.DEFAULT_START.plusMillis(1500));
        assertThat(clock.millis()).isEqualTo(FakeClock.DEFAULT_START.toEpochMilli() + 1500);
        assertThat(clock.nanoTime()).isEqualTo(FakeClock.START_NANOS + 1_500_000_000L);
    }

    @Test
    void setMovesOnlyTheWallClock() {
        FakeClock clock = new FakeClock(Instant.parse("2030-05-01T10:00:00Z"));

        clock.set(Instant.parse("2030-04-01T10:00:00Z"));

        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-04-01T10:00:00Z"));
        assertThat(clock.nanoTime()).isEqualTo(FakeClock.START_NANOS);
    }

    @Test
    void timeDoesNotRunBackwardsThroughAdvance() {
        assertThatThrownBy(() -> new FakeClock().advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration: PT-1S (expected: >= 0; use set() to go back)");
    }
}
