package io.banyan.sidecar.loadbalance;

/** A monotonic nanosecond clock, injectable so that latency-aware balancing is tested without sleeping. */
@FunctionalInterface
public interface Ticker {

    long nanoTime();

    static Ticker system() {
        return System::nanoTime;
    }
}
