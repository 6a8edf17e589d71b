package io.banyan.controlplane.policy;

import java.time.Duration;

/**
 * Passive ejection of misbehaving endpoints, as Envoy's outlier detection: after {@code consecutive5xx}
 * 5xx responses (0: off) or {@code consecutiveGatewayFailure} 502/503/504 (0: off), or by success-rate
 * statistics every {@code interval} ({@code enforcingSuccessRate} 0: off), an endpoint is ejected for
 * {@code baseEjectionTime} times the number of its ejections, at most {@code maxEjectionPercent} of them at once.
 */
public record OutlierDetection(Integer consecutive5xx, Integer consecutiveGatewayFailure, Duration interval,
                               Duration baseEjectionTime, Integer maxEjectionPercent,
                               Integer successRateMinimumHosts, Integer successRateRequestVolume,
                               Integer successRateStdevFactor, Integer enforcingSuccessRate) {

    private static final String PATH = "outlierDetection.";

    public OutlierDetection {
        consecutive5xx = Check.range(PATH + "consecutive5xx", Check.orDefault(consecutive5xx, 5), 0, 1000);
        consecutiveGatewayFailure = Check.range(PATH + "consecutiveGatewayFailure",
                Check.orDefault(consecutiveGatewayFailure, 0), 0, 1000);
        interval = Check.duration(PATH + "interval", Check.orDefault(interval, Duration.ofSeconds(10)),
                Duration.ofMillis(1), Duration.ofHours(1));
        baseEjectionTime = Check.duration(PATH + "baseEjectionTime",
                Check.orDefault(baseEjectionTime, Duration.ofSeconds(30)), Duration.ofMillis(1), Duration.ofHours(1));
        maxEjectionPercent = Check.range(PATH + "maxEjectionPercent", Check.orDefault(maxEjectionPercent, 10), 0, 100);
        successRateMinimumHosts = Check.range(PATH + "successRateMinimumHosts",
                Check.orDefault(successRateMinimumHosts, 5), 1, 100_000);
        successRateRequestVolume = Check.range(PATH + "successRateRequestVolume",
                Check.orDefault(successRateRequestVolume, 100), 1, 1_000_000);
        successRateStdevFactor = Check.range(PATH + "successRateStdevFactor",
                Check.orDefault(successRateStdevFactor, 1900), 1, 100_000);
        enforcingSuccessRate = Check.range(PATH + "enforcingSuccessRate",
                Check.orDefault(enforcingSuccessRate, 100), 0, 100);
    }
}
