package io.banyan.controlplane.policy;

import java.time.Duration;

/**
 * Active HTTP health checking of a service's endpoints: {@code GET path} every {@code interval}, a 2xx
 * within {@code timeout} passes; {@code unhealthyThreshold} failures mark an endpoint unhealthy and
 * {@code healthyThreshold} passes mark it healthy again.
 */
public record HealthCheck(String path, Duration interval, Duration timeout, Integer healthyThreshold,
                          Integer unhealthyThreshold) {

    public HealthCheck {
        if (path == null || !path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw Check.invalid("healthCheck.path", (path == null ? "missing" : "'" + path + "'")
                    + " (expected: an absolute path such as /healthz)");
        }
        interval = Check.duration("healthCheck.interval", Check.orDefault(interval, Duration.ofSeconds(10)),
                Duration.ofMillis(100), Duration.ofHours(1));
        timeout = Check.duration("healthCheck.timeout", Check.orDefault(timeout, Duration.ofSeconds(1)),
                Duration.ofMillis(1), Duration.ofMinutes(5));
        healthyThreshold = Check.range("healthCheck.healthyThreshold", Check.orDefault(healthyThreshold, 2), 1, 100);
        unhealthyThreshold = Check.range("healthCheck.unhealthyThreshold",
                Check.orDefault(unhealthyThreshold, 3), 1, 100);
    }
}
