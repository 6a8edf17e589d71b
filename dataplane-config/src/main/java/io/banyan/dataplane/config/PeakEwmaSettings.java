package io.banyan.dataplane.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@link PeakEwma}'s knobs, with Linkerd's defaults: the latency assumed of an endpoint not yet measured
 * (30 ms), and the time constant over which an estimate decays towards newer samples (10 s).
 */
public record PeakEwmaSettings(Duration defaultRtt, Duration decay) {

    public static final PeakEwmaSettings DEFAULT = new PeakEwmaSettings(Duration.ofMillis(30), Duration.ofSeconds(10));

    public PeakEwmaSettings {
        Objects.requireNonNull(defaultRtt, "peakEwma.defaultRtt");
        Objects.requireNonNull(decay, "peakEwma.decay");
        if (defaultRtt.isNegative() || defaultRtt.isZero() || defaultRtt.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("peakEwma.defaultRtt: " + defaultRtt + " (expected: > 0 and <= PT1M)");
        }
        if (decay.isNegative() || decay.isZero() || decay.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("peakEwma.decay: " + decay + " (expected: > 0 and <= PT1H)");
        }
    }
}
