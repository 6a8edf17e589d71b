package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.time.Duration;

/**
 * Active health checking of an endpoint, a cluster's (xDS {@code Cluster.health_checks[0]} with an
 * {@code http_health_check}) or the local app: a GET of {@code path} every {@code interval}, answered 2xx within
 * {@code timeout}; {@code healthyThreshold} consecutive successes make an endpoint healthy again,
 * {@code unhealthyThreshold} consecutive failures unhealthy (counted by {@code health.ConsecutiveHealth}).
 */
public record EndpointHealthCheck(String path, Duration interval, Duration timeout, int healthyThreshold,
                                  int unhealthyThreshold) {

    public EndpointHealthCheck {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("healthCheck.path: '" + path + "' (expected: starts with '/')");
        }
        Checks.positive(interval, "healthCheck.interval");
        Checks.positive(timeout, "healthCheck.timeout");
        Checks.atLeast(healthyThreshold, 1, "healthCheck.healthyThreshold");
        Checks.atLeast(unhealthyThreshold, 1, "healthCheck.unhealthyThreshold");
    }
}
