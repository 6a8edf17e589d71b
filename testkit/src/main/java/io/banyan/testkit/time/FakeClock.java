package io.banyan.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Paused time for tests: a wall {@link Clock} and a monotonic {@link #nanoTime()} that move only when told to. Pass
 * {@code clock::nanoTime} where code wants a ticker. {@link #advance} moves both; {@link #set} moves the wall clock
 * only (as an operator or NTP would), never the monotonic time.
 */
public final class FakeClock extends Clock {

    /** Where a clock made with {@link #FakeClock()} starts. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    /** The monotonic reading of a new clock: not zero, so code that treats 0 as "never" is not fooled. */
    public static final long START_NANOS = 1_000_000_000L;

    private volatile Instant now;
    private volatile long nanos = START_NANOS;

    public FakeClock() {
        this(DEFAULT_START);
    }

    public FakeClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** Moves the wall clock and the monotonic time forward by {@code duration}. */
    public synchronized void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: >= 0; use set() to go back)");
        }
        now = now.plus(duration);
        nanos += duration.toNanos();
    }

    /** Sets the wall clock to {@code instant}, forward or back; the monotonic time stays. */
    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    /** Monotonic time in nanoseconds, as {@link System#nanoTime()}: only differences mean something. */
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public long millis() {
        return now.toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
