package io.banyan.dataplane.config;

import java.util.Objects;

/**
 * How one cluster is balanced: the algorithm with its knobs, whether the sidecar's own zone is preferred,
 * and Envoy's panic threshold (percent of healthy endpoints below which all endpoints are used; 0 disables).
 */
public record LbSettings(LbAlgorithm algorithm, boolean zoneAware, double panicThresholdPercent,
                         RingHashSettings ringHash, MaglevSettings maglev, LeastRequestSettings leastRequest,
                         PeakEwmaSettings peakEwma) {

    public static final double DEFAULT_PANIC_THRESHOLD_PERCENT = 50.0;

    public LbSettings {
        Objects.requireNonNull(algorithm, "lb.algorithm");
        if (!(panicThresholdPercent >= 0 && panicThresholdPercent <= 100)) {
            throw new IllegalArgumentException("lb.panicThresholdPercent: " + panicThresholdPercent
                    + " (expected: >= 0 and <= 100)");
        }
        ringHash = ringHash == null ? RingHashSettings.DEFAULT : ringHash;
        maglev = maglev == null ? MaglevSettings.DEFAULT : maglev;
        leastRequest = leastRequest == null ? LeastRequestSettings.DEFAULT : leastRequest;
        peakEwma = peakEwma == null ? PeakEwmaSettings.DEFAULT : peakEwma;
    }

    /** {@code algorithm} with every default: zone-aware, panic threshold 50%. */
    public static LbSettings of(LbAlgorithm algorithm) {
        return new LbSettings(algorithm, true, DEFAULT_PANIC_THRESHOLD_PERCENT, null, null, null, null);
    }

    public LbSettings withZoneAware(boolean zoneAware) {
        return new LbSettings(algorithm, zoneAware, panicThresholdPercent, ringHash, maglev, leastRequest, peakEwma);
    }

    public LbSettings withPanicThresholdPercent(double percent) {
        return new LbSettings(algorithm, zoneAware, percent, ringHash, maglev, leastRequest, peakEwma);
    }

    public LbSettings withRingHash(RingHashSettings settings) {
        return new LbSettings(algorithm, zoneAware, panicThresholdPercent, settings, maglev, leastRequest, peakEwma);
    }

    public LbSettings withMaglev(MaglevSettings settings) {
        return new LbSettings(algorithm, zoneAware, panicThresholdPercent, ringHash, settings, leastRequest, peakEwma);
    }

    public LbSettings withLeastRequest(LeastRequestSettings settings) {
        return new LbSettings(algorithm, zoneAware, panicThresholdPercent, ringHash, maglev, settings, peakEwma);
    }

    public LbSettings withPeakEwma(PeakEwmaSettings settings) {
        return new LbSettings(algorithm, zoneAware, panicThresholdPercent, ringHash, maglev, leastRequest, settings);
    }
}
