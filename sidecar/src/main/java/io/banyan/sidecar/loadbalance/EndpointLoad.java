package io.banyan.sidecar.loadbalance;

import io.banyan.primitives.time.Ticker;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live load of one endpoint: requests in flight, and a peak-EWMA estimate of its latency (Linkerd's:
 * a slower sample replaces the estimate at once, faster ones are averaged in with weight
 * {@code 1 - exp(-elapsed / decay)}, and reading the estimate decays it towards zero so that an endpoint
 * left idle is eventually tried again). Thread-safe.
 */
public final class EndpointLoad {

    private final AtomicInteger active = new AtomicInteger();
    private final Ticker ticker;
    private final double decayNanos;
    private double rttNanos;
    private long stampNanos;

    public EndpointLoad(Ticker ticker, long defaultRttNanos, long decayNanos) {
        this.ticker = ticker;
        this.decayNanos = decayNanos;
        this.rttNanos = defaultRttNanos;
        this.stampNanos = ticker.nanoTime();
    }

    public void onStart() {
        active.incrementAndGet();
    }

    /** Ends an attempt started by {@link #onStart}; a failure's latency counts as any other (as in Linkerd). */
    public void onEnd(long latencyNanos, boolean success) {
        active.updateAndGet(n -> n > 0 ? n - 1 : 0);
        observe(Math.max(0, latencyNanos));
    }

    public int active() {
        return active.get();
    }

    /** The latency estimate now, in nanoseconds. */
    public double rttEstimateNanos() {
        return observe(0);
    }

    /** Peak-EWMA cost: the latency estimate times the requests in flight plus one. */
    public double peakEwmaCost() {
        return rttEstimateNanos() * (active.get() + 1);
    }

    private synchronized double observe(long sampleNanos) {
        long now = ticker.nanoTime();
        long elapsed = Math.max(0, now - stampNanos);
        stampNanos = Math.max(now, stampNanos);
        if (sampleNanos > rttNanos) {
            rttNanos = sampleNanos;
        } else {
            double keep = Math.exp(-elapsed / decayNanos);
            rttNanos = rttNanos * keep + sampleNanos * (1 - keep);
        }
        return rttNanos;
    }
}
