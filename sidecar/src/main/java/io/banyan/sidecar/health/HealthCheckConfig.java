package io.banyan.sidecar.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How the local app is checked: an HTTP GET of {@code path} on {@code host:port} every {@code interval},
 * answered within {@code timeout}; {@code healthyThreshold} consecutive successes make it healthy,
 * {@code unhealthyThreshold} consecutive failures unhealthy (Envoy's health_checker thresholds).
 */
public record HealthCheckConfig(String host, int port, String path, Duration interval, Duration timeout,
                                int healthyThreshold, int unhealthyThreshold) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_HEALTHY_THRESHOLD = 1;
    public static final int DEFAULT_UNHEALTHY_THRESHOLD = 2;

    public HealthCheckConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("healthCheck.host: '" + host + "' (expected: a non-empty host)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("healthCheck.port: " + port + " (expected: 1..65535)");
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("healthCheck.path: '" + path + "' (expected: starts with '/')");
        }
        positive(interval, "healthCheck.interval");
        positive(timeout, "healthCheck.timeout");
        if (healthyThreshold < 1) {
            throw new IllegalArgumentException("healthCheck.healthyThreshold: " + healthyThreshold + " (expected: >= 1)");
        }
        if (unhealthyThreshold < 1) {
            throw new IllegalArgumentException("healthCheck.unhealthyThreshold: " + unhealthyThreshold + " (expected: >= 1)");
        }
    }

    /** The defaults for the app on 127.0.0.1: every 2s, 1s timeout, healthy after 1 success, unhealthy after 2 failures. */
    public static HealthCheckConfig forLocalApp(int appPort, String healthPath) {
        return new HealthCheckConfig("127.0.0.1", appPort, healthPath, DEFAULT_INTERVAL, DEFAULT_TIMEOUT,
                DEFAULT_HEALTHY_THRESHOLD, DEFAULT_UNHEALTHY_THRESHOLD);
    }

    public HealthCheckConfig withInterval(Duration newInterval) {
        return new HealthCheckConfig(host, port, path, newInterval, timeout, healthyThreshold, unhealthyThreshold);
    }

    public HealthCheckConfig withTimeout(Duration newTimeout) {
        return new HealthCheckConfig(host, port, path, interval, newTimeout, healthyThreshold, unhealthyThreshold);
    }

    public HealthCheckConfig withThresholds(int healthy, int unhealthy) {
        return new HealthCheckConfig(host, port, path, interval, timeout, healthy, unhealthy);
    }

    /** The URL checked, e.g. {@code http://127.0.0.1:8080/health}. */
    public String url() {
        String authority = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + authority + ":" + port + path;
    }

    private static void positive(Duration value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: > 0)");
        }
    }
}
