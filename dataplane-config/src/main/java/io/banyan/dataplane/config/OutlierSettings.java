package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.time.Duration;

/**
 * Passive outlier detection, as Envoy's {@code outlier_detection}. A count of 0 disables its detector.
 *
 * @param consecutive5xx consecutive 5xx (or local failures) that eject an endpoint ({@code consecutive_5xx}, 5)
 * @param consecutiveGatewayFailure consecutive 502/503/504 (or local failures) that eject
 *        ({@code consecutive_gateway_failure}; Envoy's default enforcement is 0%, so 0 here: off)
 * @param interval time between success-rate sweeps and unejections ({@code interval}, 10 s)
 * @param baseEjectionTime ejection time, multiplied by the times the endpoint was ejected ({@code base_ejection_time}, 30 s)
 * @param maxEjectionTime cap of the ejection time ({@code max_ejection_time}, 300 s)
 * @param maxEjectionPercent most endpoints ejected at once, in percent; one may always be ({@code max_ejection_percent}, 10)
 * @param successRateEnabled whether success-rate ejection is enforced ({@code enforcing_success_rate}, 100% → on)
 * @param successRateMinimumHosts endpoints with enough volume needed for a sweep ({@code success_rate_minimum_hosts}, 5)
 * @param successRateRequestVolume requests in an interval for an endpoint to count ({@code success_rate_request_volume}, 100)
 * @param successRateStdevFactor ejected below mean - stdev * factor / 1000 ({@code success_rate_stdev_factor}, 1900)
 */
public record OutlierSettings(int consecutive5xx, int consecutiveGatewayFailure, Duration interval,
                              Duration baseEjectionTime, Duration maxEjectionTime, int maxEjectionPercent,
                              boolean successRateEnabled, int successRateMinimumHosts, int successRateRequestVolume,
                              int successRateStdevFactor) {

    public static final OutlierSettings DEFAULT = new OutlierSettings(5, 0, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(300), 10, true, 5, 100, 1900);

    public OutlierSettings {
        Checks.atLeast(consecutive5xx, 0, "consecutive5xx");
        Checks.atLeast(consecutiveGatewayFailure, 0, "consecutiveGatewayFailure");
        Checks.positive(interval, "interval");
        Checks.positive(baseEjectionTime, "baseEjectionTime");
        Checks.positive(maxEjectionTime, "maxEjectionTime");
        Checks.between(maxEjectionPercent, 0, 100, "maxEjectionPercent");
        Checks.atLeast(successRateMinimumHosts, 1, "successRateMinimumHosts");
        Checks.atLeast(successRateRequestVolume, 1, "successRateRequestVolume");
        Checks.atLeast(successRateStdevFactor, 0, "successRateStdevFactor");
    }
}
