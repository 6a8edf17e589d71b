package io.banyan.sidecar.health;

import io.banyan.dataplane.config.EndpointHealthCheck;
import io.banyan.primitives.check.Checks;

import java.time.Duration;
import java.util.Objects;

/**
 * How the local app is checked: {@code check} (an HTTP GET of its path every interval, answered within its timeout,
 * with Envoy's health_checker thresholds, the same record as a cluster's endpoint checks) aimed at
 * {@code host:port}.
 */
public record HealthCheckConfig(String host, int port, EndpointHealthCheck check) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_HEALTHY_THRESHOLD = 1;
    public static final int DEFAULT_UNHEALTHY_THRESHOLD = 2;

    public HealthCheckConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("healthCheck.host: '" + host + "' (expected: a non-empty host)");
        }
        Checks.port(port, "healthCheck.port");
        Objects.requireNonNull(check, "healthCheck");
    }

    /** The defaults for the app on 127.0.0.1: every 2s, 1s timeout, healthy after 1 success, unhealthy after 2 failures. */
    public static HealthCheckConfig forLocalApp(int appPort, String healthPath) {
        return new HealthCheckConfig("127.0.0.1", appPort, new EndpointHealthCheck(healthPath, DEFAULT_INTERVAL,
                DEFAULT_TIMEOUT, DEFAULT_HEALTHY_THRESHOLD, DEFAULT_UNHEALTHY_THRESHOLD));
    }

    public HealthCheckConfig withInterval(Duration newInterval) {
        return new HealthCheckConfig(host, port, new EndpointHealthCheck(path(), newInterval, timeout(),
                healthyThreshold(), unhealthyThreshold()));
    }

    public HealthCheckConfig withTimeout(Duration newTimeout) {
        return new HealthCheckConfig(host, port, new EndpointHealthCheck(path(), interval(), newTimeout,
                healthyThreshold(), unhealthyThreshold()));
    }

    public HealthCheckConfig withThresholds(int healthy, int unhealthy) {
        return new HealthCheckConfig(host, port, new EndpointHealthCheck(path(), interval(), timeout(), healthy,
                unhealthy));
    }

    public String path() {
        return check.path();
    }

    public Duration interval() {
        return check.interval();
    }

    public Duration timeout() {
        return check.timeout();
    }

    public int healthyThreshold() {
        return check.healthyThreshold();
    }

    public int unhealthyThreshold() {
        return check.unhealthyThreshold();
    }

    /** The URL checked, e.g. {@code http://127.0.0.1:8080/health}. */
    public String url() {
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + authority + ":" + port + path();
    }
}
