package io.banyan.primitives.time;

/** A monotonic nanosecond time source, injectable so that time-based decisions are tested without sleeping. */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds from an arbitrary origin; only differences are meaningful. */
    long nanoTime();

    /** The system's monotonic clock ({@link System#nanoTime()}). */
    static Ticker system() {
        return System::nanoTime;
    }
}
